import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Target } from "../../scripts/engines/engine.ts";
import type { Row } from "../../scripts/engines/values.ts";
import { ZetaSqlEngine } from "../../scripts/engines/zetasql/engine.ts";
import { ZetaSql } from "../../scripts/engines/zetasql/index.ts";

let zetaSql: ZetaSql;
let engine: ZetaSqlEngine;
beforeAll(async () => {
    zetaSql = await ZetaSql.start();
});
afterAll(async () => {
    await zetaSql?.stop();
});
beforeEach(async () => {
    engine = await ZetaSqlEngine.open({ zetaSql });
});

const DEST: Target = { database: "proj", schema: "shop", name: "dest" };
const DEST_COLUMNS = [
    { name: "id", type: "INT64" },
    { name: "day", type: "DATE" },
    { name: "amount", type: "NUMERIC" },
];
const row = (id: string | null, day: string | null, amount: string): Row => ({ id, day, amount });
const sorted = (rows: Row[]) => rows.slice().sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
const rowsOf = async (sql: string) => sorted((await engine.query(sql)).rows);
/** A query of literal rows in DEST's shape: `values([["1", "2024-01-01", "1.5"], ...])`. */
const values = (rows: (string | null)[][]) =>
    rows
        .map(
            ([id, day, amount]) =>
                `select ${id ?? "cast(null as int64)"} as id, ${day ? `date '${day}'` : "cast(null as date)"} as day, ${amount} as amount`,
        )
        .join(" union all ");

describe("merge (Dataform's uniqueKey MERGE)", () => {
    beforeEach(async () => {
        await engine.loadRows(DEST, DEST_COLUMNS, [row("1", "2024-01-01", "1"), row("2", "2024-01-02", "2"), row(null, "2024-01-02", "9")]);
    });

    it("updates the rows whose keys match, inserts the others, and counts both", async () => {
        const count = await engine.merge(
            DEST,
            ["id", "day", "amount"],
            values([
                ["2", "2024-01-05", "20"],
                ["3", "2024-01-03", "30"],
            ]),
            ["id"],
        );
        expect(count).toBe(2);
        expect(await rowsOf("select * from shop.dest")).toEqual(
            sorted([row("1", "2024-01-01", "1"), row("2", "2024-01-05", "20"), row(null, "2024-01-02", "9"), row("3", "2024-01-03", "30")]),
        );
    });

    it("never matches NULL keys: a NULL-keyed source row is inserted, the NULL-keyed destination row kept", async () => {
        await engine.merge(DEST, ["id", "day", "amount"], values([[null, "2024-01-02", "10"]]), ["id"]);
        expect((await rowsOf("select * from shop.dest where id is null")).map((found) => found.amount)).toEqual(["10", "9"]);
    });

    it("matches only where the condition over DATAFORM_DEST and DATAFORM_SOURCE holds", async () => {
        const source = values([
            ["1", "2024-01-01", "100"],
            ["2", "2024-01-02", "200"],
        ]);
        await engine.merge(
            DEST,
            ["id", "day", "amount"],
            source,
            ["id"],
            "DATAFORM_DEST.day >= date '2024-01-02' and DATAFORM_SOURCE.amount > 0",
        );
        expect(await rowsOf("select id, amount from shop.dest where id is not null")).toEqual(
            sorted([
                { id: "1", amount: "1" },
                { id: "1", amount: "100" },
                { id: "2", amount: "200" },
            ]),
        );
    });

    it("fails when two source rows match one destination row, and leaves the table as it was", async () => {
        const before = await rowsOf("select * from shop.dest");
        await expect(
            engine.merge(
                DEST,
                ["id", "day", "amount"],
                values([
                    ["1", "2024-01-01", "5"],
                    ["1", "2024-01-01", "6"],
                ]),
                ["id"],
            ),
        ).rejects.toThrow(/at most one source row/);
        expect(await rowsOf("select * from shop.dest")).toEqual(before);
        expect((await engine.relations()).map(({ target }) => target.name)).toEqual(["dest"]);
    });

    it("coerces the new rows into the destination's types, as INSERT does", async () => {
        // An INT64 amount becomes NUMERIC; a DATE-typed column refuses a STRING.
        await engine.merge(DEST, ["id", "day", "amount"], "select 4 as id, date '2024-01-04' as day, 7 as amount", ["id"]);
        expect((await engine.query("select amount from shop.dest where id = 4")).columns).toEqual([{ name: "amount", type: "NUMERIC" }]);
        await expect(engine.merge(DEST, ["id", "day", "amount"], "select 5 as id, 'x' as day, 1 as amount", ["id"])).rejects.toThrow(/day/);
    });
});

describe("insert (Dataform's incremental append)", () => {
    beforeEach(async () => {
        await engine.loadRows(DEST, DEST_COLUMNS, [row("1", "2024-01-01", "1")]);
    });

    it("appends a query that reads a WITH table twice, coerced to the destination's types, and leaves no scratch table", async () => {
        const query = `with fresh as (select 2 as id, date '2024-01-02' as day, 5 as amount)
      select fresh.* from fresh join (select distinct id from fresh) as ids on fresh.id = ids.id`;
        expect(await engine.insert(DEST, ["id", "day", "amount"], query)).toBe(1);
        expect(await rowsOf("select * from shop.dest")).toEqual([row("1", "2024-01-01", "1"), row("2", "2024-01-02", "5")]);
        expect((await engine.query("select amount from shop.dest")).columns).toEqual([{ name: "amount", type: "NUMERIC" }]);
        expect((await engine.relations()).map(({ target }) => target.name)).toEqual(["dest"]);
    });
});

describe("replacePartitions (insert_overwrite)", () => {
    beforeEach(async () => {
        await engine.loadRows(DEST, DEST_COLUMNS, [row("1", "2024-01-01", "1"), row("2", "2024-02-01", "2"), row("3", null, "3")]);
    });

    it("replaces exactly the partitions present in the new rows; NULL partitions are never replaced", async () => {
        const count = await engine.replacePartitions(
            DEST,
            ["id", "day", "amount"],
            values([
                ["4", "2024-01-15", "4"],
                ["5", null, "5"],
            ]),
            "date_trunc(day, month)",
        );
        expect(count).toBe(2);
        expect(await rowsOf("select * from shop.dest")).toEqual(
            sorted([row("2", "2024-02-01", "2"), row("3", null, "3"), row("4", "2024-01-15", "4"), row("5", null, "5")]),
        );
    });

    it("keeps destination rows outside the condition", async () => {
        await engine.replacePartitions(
            DEST,
            ["id", "day", "amount"],
            values([["4", "2024-01-01", "4"]]),
            "day",
            "DATAFORM_DEST.amount > 1",
        );
        expect((await rowsOf("select id from shop.dest")).map((found) => found.id)).toEqual(["1", "2", "3", "4"]);
    });
});

describe("scripts", () => {
    beforeEach(async () => {
        await engine.loadRows(DEST, DEST_COLUMNS, [row("1", "2024-01-01", "1"), row("2", "2024-01-02", "2")]);
    });

    it("evaluates DECLARE and SET once and inlines them into later statements of the script", async () => {
        await engine.execute("declare top int64 default (select max(id) from shop.dest); declare since, until date;");
        await engine.execute("set since = date_sub(current_date(), interval 1 day); set top = top * 10");
        await engine.execute(
            "create table shop.summary as select top as top, since is not null as has_since, until as until from shop.dest limit 1",
        );
        expect(await rowsOf("select * from shop.summary")).toEqual([{ top: "20", has_since: true, until: null }]);
        expect(await engine.columns({ schema: "shop", name: "summary" })).toEqual([
            { name: "top", type: "INT64" },
            { name: "has_since", type: "BOOL" },
            { name: "until", type: "DATE" },
        ]);
    });

    it("forgets the variables at endScript", async () => {
        await engine.execute("declare top int64 default 1");
        await engine.endScript();
        await expect(engine.query("select top")).rejects.toThrow(/Unrecognized name: top/);
        await engine.execute("declare top int64 default 2");
    });

    it("runs INSERT, UPDATE and DELETE on the stored table, telling equal rows apart", async () => {
        await engine.execute("insert into shop.dest (id, amount) values (2, 2.5), (2, 2.5)");
        await engine.execute("update `proj.shop.dest` set amount = dest.amount * 2 where day is null");
        await engine.execute("delete from shop.dest d where d.id = 1");
        expect(await rowsOf("select * from shop.dest")).toEqual(
            sorted([row("2", "2024-01-02", "2"), row("2", null, "5"), row("2", null, "5")]),
        );
    });

    it("creates, replaces and drops tables, views and datasets, with BigQuery's errors", async () => {
        await engine.execute("create schema if not exists marts; create table marts.t as select 1 as x");
        await expect(engine.execute("create table marts.t as select 2 as x")).rejects.toThrow(/Already Exists/);
        await engine.execute(
            "create table if not exists marts.t as select 2 as x; create or replace view marts.v as select x + 1 as y from marts.t",
        );
        await expect(engine.execute("create or replace table marts.v as select 1 as x")).rejects.toThrow(/already exists as a view/);
        await expect(engine.execute("create table nowhere.t as select 1 as x")).rejects.toThrow(/Not found: Dataset nowhere/);
        expect(await rowsOf("select * from marts.v")).toEqual([{ y: "2" }]);
        await engine.execute("drop view marts.v; drop table if exists marts.v; drop table marts.t; drop schema marts");
        expect((await engine.relations()).map(({ target }) => target.name)).toEqual(["dest"]);
    });

    it("takes the query out of a CREATE TABLE with partitioning, clustering and options", async () => {
        await engine.execute(`create or replace table \`proj.shop.daily\` partition by day cluster by id options (description = 'as select 0')
      as with kept as (select * from shop.dest where id > 1) select id, day from kept`);
        expect(await rowsOf("select * from shop.daily")).toEqual([{ id: "2", day: "2024-01-02" }]);
    });

    it("names the statements it cannot carry out", async () => {
        await expect(engine.execute("merge shop.dest t using (select 1 as id) s on t.id = s.id when matched then delete")).rejects.toThrow(
            "MERGE statements are not supported by the ZetaSQL engine",
        );
        await expect(engine.execute("create function shop.f(x int64) as (x + 1)")).rejects.toThrow(
            /CREATE FUNCTION shop.f \(a persistent function\)/,
        );
        await expect(engine.execute("select 1;\ncall shop.p()")).rejects.toThrow(
            "BigQuery construct not supported locally: statement CALL (line 2)",
        );
    });
});

describe("views", () => {
    beforeEach(async () => {
        await engine.loadRows(DEST, DEST_COLUMNS, [row("1", "2024-01-01", "1.25")]);
        await engine.createView({ schema: "shop", name: "doubled" }, "select id, amount * 2 as amount from `proj.shop.dest`");
        await engine.createView({ schema: "shop", name: "labelled" }, "select format('%d', id) as label, amount from shop.doubled");
    });

    it("evaluates views on views when queried, so they see later changes", async () => {
        expect(await rowsOf("select * from shop.labelled")).toEqual([{ label: "1", amount: "2.5" }]);
        await engine.execute("insert into shop.dest (id, amount) values (2, 0.5)");
        expect(await rowsOf("select * from shop.labelled")).toEqual([
            { label: "1", amount: "2.5" },
            { label: "2", amount: "1" },
        ]);
    });

    it("reports a view's columns from the analyzer", async () => {
        expect(await engine.relationKind({ schema: "shop", name: "labelled" })).toBe("view");
        expect(await engine.columns({ schema: "shop", name: "labelled" })).toEqual([
            { name: "label", type: "STRING" },
            { name: "amount", type: "NUMERIC" },
        ]);
    });

    it("refuses a broken view when it is created, and a view that references itself", async () => {
        await expect(engine.createView({ schema: "shop", name: "broken" }, "select nope from shop.dest")).rejects.toThrow(
            /Unrecognized name: nope/,
        );
        await expect(engine.createView({ schema: "shop", name: "doubled" }, "select * from shop.labelled")).rejects.toThrow(
            /references itself/,
        );
    });
});

describe("lifecycle", () => {
    it("leaves a shared server running on close, and stops its own", async () => {
        await engine.close();
        await expect(zetaSql.evaluate("select 1 as one", [])).resolves.toMatchObject({ rows: [{ one: "1" }] });
        const own = await ZetaSqlEngine.open();
        await own.close();
        await expect(own.query("select 1")).rejects.toThrow(/stopped/);
    });
});
