import type { Case } from "./harness.ts";
import { events } from "./fixtures.ts";

/** Window functions as event modeling uses them: dedup, sessionization, running sums. */
export const windowCases: Case[] = [
    {
        name: "dedup with QUALIFY ROW_NUMBER",
        sql: "select event_id, event_at from fixture.events where true qualify row_number() over (partition by event_id order by event_at) = 1",
        tables: [events],
    },
    {
        name: "LAG gaps for sessionization",
        sql: `with ordered as (
      select user_id, event_at, lag(event_at) over (partition by user_id order by event_at) as previous_at
      from fixture.events where user_id is not null
    ),
    flagged as (
      select *, if(previous_at is null or timestamp_diff(event_at, previous_at, minute) >= 30, 1, 0) as is_new_session from ordered
    )
    select user_id, event_at, sum(is_new_session) over (partition by user_id order by event_at rows between unbounded preceding and current row) as session_number from flagged`,
        tables: [events],
    },
    {
        name: "running sum of NUMERIC revenue",
        sql: "select event_id, event_at, sum(coalesce(revenue, 0)) over (order by event_at rows between unbounded preceding and current row) as running from fixture.events",
        tables: [events],
    },
    {
        name: "FIRST_VALUE IGNORE NULLS",
        sql: "select o, first_value(x ignore nulls) over (order by o rows between unbounded preceding and unbounded following) as f, last_value(x ignore nulls) over (order by o rows between unbounded preceding and unbounded following) as l from unnest([cast(null as int64), 2, 3, null]) as x with offset as o",
    },
    {
        name: "FIRST_VALUE IGNORE NULLS on an expression",
        sql: "select o, first_value(if(x > 1, x, null) ignore nulls) over (order by o rows between unbounded preceding and unbounded following) as f from unnest([1, 2, 3]) as x with offset as o",
    },
    { name: "LEAD with default", sql: "select x, lead(x, 1, -1) over (order by x) as nxt from unnest([1, 2, 3]) as x" },
    {
        name: "RANK and DENSE_RANK with ties",
        sql: "select x, rank() over (order by x) as r, dense_rank() over (order by x) as d from unnest([10, 10, 20]) as x",
    },
    { name: "window ORDER BY puts NULLs first", sql: "select x, row_number() over (order by x) as rn from unnest([2, null, 1]) as x" },
    {
        name: "window ORDER BY DESC puts NULLs last",
        sql: "select x, row_number() over (order by x desc) as rn from unnest([2, null, 1]) as x",
    },
    {
        name: "COUNT over a sliding frame",
        sql: "select x, count(*) over (order by x rows between 1 preceding and 1 following) as c from unnest([1, 2, 3, 4]) as x",
    },
    {
        name: "ARRAY_AGG IGNORE NULLS on an expression",
        sql: "select array_agg(nullif(x, 2) ignore nulls order by x) as a from unnest([1, 2, 3]) as x",
    },
    {
        name: "sessions per user with first page title",
        sql: `select user_id, min(event_at) as first_at, array_agg(json_value(payload, '$.page.title') ignore nulls order by event_at limit 1)[safe_offset(0)] as first_title
    from fixture.events where user_id is not null and payload like '{%' group by user_id`,
        tables: [events],
    },
    {
        name: "percent of total with window SUM",
        sql: "select event_name, count(*) / sum(count(*)) over () as share from fixture.events group by event_name",
        tables: [events],
    },
];
