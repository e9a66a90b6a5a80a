import type { TableData } from "../../scripts/engines/zetasql/index.ts";
import { events } from "./fixtures.ts";
import type { StatementCase } from "./harness.ts";

/** A small incremental target keyed by id, for INSERT, DELETE, UPDATE and MERGE. */
const target: TableData = {
    name: "fixture.target",
    columns: [
        { name: "id", type: "STRING" },
        { name: "n", type: "INT64" },
        { name: "updated_at", type: "TIMESTAMP" },
    ],
    rows: [
        { id: "a", n: "1", updated_at: "2024-01-01T00:00:00.000000Z" },
        { id: "b", n: "2", updated_at: "2024-01-01T00:00:00.000000Z" },
        { id: "c", n: null, updated_at: "2024-01-02T00:00:00.000000Z" },
    ],
};

const source =
    "select 'b' as id, 20 as n, timestamp '2024-02-01 00:00:00' as updated_at union all select 'd', 4, timestamp '2024-02-01 00:00:00'";

/** DDL and DML run on DuckDB; the oracle runs the equivalent query, since it cannot run scripts. */
export const statementCases: StatementCase[] = [
    {
        name: "CREATE OR REPLACE TABLE AS on a project path",
        script: "create or replace table `proj.fixture.daily` as select date(event_at) as event_date, count(*) as events from fixture.events group by event_date",
        check: "select * from fixture.daily",
        expected: "select date(event_at) as event_date, count(*) as events from fixture.events group by event_date",
        tables: [events],
    },
    {
        name: "CREATE OR REPLACE VIEW with a CTE",
        script: "create or replace view fixture.purchases as with p as (select * from fixture.events where event_name = 'purchase') select event_id, revenue from p",
        check: "select * from `fixture.purchases`",
        expected: "select event_id, revenue from fixture.events where event_name = 'purchase'",
        tables: [events],
    },
    {
        name: "CREATE SCHEMA IF NOT EXISTS then CTAS into it",
        script: "create schema if not exists marts; create or replace table marts.users as select distinct user_id from fixture.events where user_id is not null",
        check: "select * from marts.users",
        expected: "select distinct user_id from fixture.events where user_id is not null",
        tables: [events],
    },
    {
        name: "INSERT INTO with a column list",
        script: `insert into fixture.target (id, n, updated_at) ${source}`,
        check: "select * from fixture.target",
        expected: `select * from fixture.target union all ${source}`,
        tables: [target],
    },
    {
        name: "DELETE with a predicate",
        script: "delete from fixture.target where n is null or n > 1",
        check: "select * from fixture.target",
        expected: "select * from fixture.target where not (n is null or n > 1)",
        tables: [target],
    },
    {
        name: "UPDATE with SET and WHERE",
        script: "update fixture.target set n = n * 10 where id != 'a'",
        check: "select * from fixture.target",
        expected: "select id, if(id != 'a', n * 10, n) as n, updated_at from fixture.target",
        tables: [target],
    },
    {
        name: "MERGE on a unique key (Dataform incremental)",
        script: `merge fixture.target as t using (${source}) as s on t.id = s.id
      when matched then update set n = s.n, updated_at = s.updated_at
      when not matched then insert (id, n, updated_at) values (s.id, s.n, s.updated_at)`,
        check: "select * from fixture.target",
        expected: `select * from fixture.target where id not in (select id from (${source})) union all ${source}`,
        tables: [target],
    },
];
