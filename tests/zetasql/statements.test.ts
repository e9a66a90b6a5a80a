import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZetaSql, type TableData } from "../../scripts/engines/zetasql/index.ts";

let zeta: ZetaSql;
beforeAll(async () => {
    zeta = await ZetaSql.start();
});
afterAll(async () => {
    await zeta?.stop();
});

const columns = [
    { name: "id", type: "INT64" },
    { name: "name", type: "STRING" },
];
const rows = [
    { id: "1", name: "a" },
    { id: "2", name: "b" },
];

describe("table names", () => {
    const twoPart: TableData[] = [{ name: "raw.events", columns, rows }];
    const threePart: TableData[] = [{ name: "proj.raw.events", columns, rows }];

    it.each(["raw.events", "`raw.events`", "`raw`.events", "raw.`events`"])(
        "a table named raw.events resolves as %s",
        async (reference) => {
            const result = await zeta.evaluate(`select id from ${reference} order by id`, twoPart);
            expect(result.rows).toEqual([{ id: "1" }, { id: "2" }]);
        },
    );

    it.each(["`proj.raw.events`", "proj.raw.events", "`proj`.raw.events", "`proj.raw`.events", "raw.events", "`raw.events`"])(
        "a table named proj.raw.events resolves as %s",
        async (reference) => {
            const result = await zeta.evaluate(`select e.name from ${reference} as e where e.id = 2`, threePart);
            expect(result.rows).toEqual([{ name: "b" }]);
        },
    );

    it("resolves each of several tables in joins, subqueries and CTEs", async () => {
        const tables: TableData[] = [
            { name: "proj.raw.events", columns, rows },
            {
                name: "proj.ref.names",
                columns: [
                    { name: "id", type: "INT64" },
                    { name: "label", type: "STRING" },
                ],
                rows: [{ id: "2", label: "two" }],
            },
        ];
        const result = await zeta.evaluate(
            `with e as (select * from proj.raw.events)
       select e.id, n.label from e join \`proj\`.ref.names n using (id)
       where e.id in (select id from \`proj.raw.events\`)`,
            tables,
        );
        expect(result.rows).toEqual([{ id: "2", label: "two" }]);
    });

    it.each(["raw.events", "`raw.events`", "`proj.raw.events`", "proj.raw.events"])(
        "gives %s BigQuery's implicit alias, its last name part",
        async (reference) => {
            const tables: TableData[] = [{ name: "proj.raw.events", columns, rows }];
            const result = await zeta.evaluate(`select events.name from ${reference} where events.id = 1`, tables);
            expect(result.rows).toEqual([{ name: "a" }]);
            await expect(zeta.analyze(`select events.name from ${reference}`, tables)).resolves.toEqual({
                columns: [{ name: "name", type: "STRING" }],
            });
        },
    );

    it("leaves a column path that looks like a table name alone", async () => {
        const tables: TableData[] = [
            { name: "raw.events", columns, rows },
            { name: "raw", columns: [{ name: "events", type: "STRING" }], rows: [{ events: "column value" }] },
        ];
        const result = await zeta.evaluate("select raw.events from raw", tables);
        expect(result.rows).toEqual([{ events: "column value" }]);
    });

    it("reports a missing table and points at the caller's SQL after a rewrite", async () => {
        await expect(
            zeta.evaluate("select * from proj.raw.events, raw.nope", [{ name: "proj.raw.events", columns, rows }]),
        ).rejects.toThrow(/Table not found: raw\.nope \[at 1:32\]/);
        await expect(
            zeta.evaluate("select missing_col from proj.raw.events", [{ name: "proj.raw.events", columns, rows }]),
        ).rejects.toThrow(/Unrecognized name: missing_col \[at 1:8\]/);
    });
});

describe("analyze", () => {
    const schemas = [{ name: "proj.raw.events", columns: [...columns, { name: "items", type: "ARRAY<STRUCT<sku STRING, qty INT64>>" }] }];

    it("returns a query's output columns with GoogleSQL types", async () => {
        const result = await zeta.analyze("select id, items[safe_offset(0)] as first, count(*) over () from `proj`.raw.events", schemas);
        expect(result.columns).toEqual([
            { name: "id", type: "INT64" },
            { name: "first", type: "STRUCT<sku STRING, qty INT64>" },
            { name: "f2_", type: "INT64" },
        ]);
    });

    it.each([
        "create or replace table proj.marts.t as select id from raw.events",
        "create or replace view `proj.marts.v` as select id from proj.raw.events",
        "insert into proj.raw.events (id, name) select 3, 'c'",
        "merge raw.events t using (select 1 as id) s on t.id = s.id when matched then update set name = 'x' when not matched then insert (id, name) values (s.id, 'y')",
        "delete from raw.events where id = 1",
        "update raw.events set name = 'z' where id = 2",
    ])("accepts %s", async (sql) => {
        await expect(zeta.analyze(sql, schemas)).resolves.toEqual({ columns: [] });
    });

    it("fails with ZetaSQL's message, line and column for a missing column", async () => {
        await expect(zeta.analyze("select id,\n  nmae\nfrom raw.events", schemas)).rejects.toThrow(
            "Unrecognized name: nmae; Did you mean name? [at 2:3]",
        );
    });

    it("fails on a type error", async () => {
        await expect(zeta.analyze("select id + name from raw.events", schemas)).rejects.toThrow(
            /No matching signature for operator \+.*\[at 1:8\]/,
        );
    });
});

describe("evaluateModify", () => {
    const tables: TableData[] = [{ name: "proj.raw.events", columns, rows }];

    it("returns the inserted rows only", async () => {
        const result = await zeta.evaluateModify("insert into raw.events (id, name) values (3, 'c'), (4, null)", tables);
        expect(result.table).toBe("proj.raw.events");
        expect(result.changes).toEqual([
            { operation: "INSERT", row: { id: "3", name: "c" } },
            { operation: "INSERT", row: { id: "4", name: null } },
        ]);
    });

    it("returns updated rows with their new values", async () => {
        const result = await zeta.evaluateModify("update `proj`.raw.events set name = upper(name) where id = 2", tables);
        expect(result.changes).toEqual([{ operation: "UPDATE", row: { id: "2", name: "B" } }]);
    });

    it("returns one DELETE change per deleted row, without values", async () => {
        const result = await zeta.evaluateModify("delete from proj.raw.events where id >= 1", tables);
        expect(result.changes.map((change) => change.operation)).toEqual(["DELETE", "DELETE"]);
        expect(result.changes.every((change) => change.row === null)).toBe(true);
    });

    it("names each updated or deleted row by its primary key when the table has one", async () => {
        const keyed: TableData[] = [{ name: "proj.raw.events", columns, rows, primaryKey: ["id"] }];
        const updated = await zeta.evaluateModify("update raw.events set name = 'z' where id = 2", keyed);
        expect(updated.changes).toEqual([{ operation: "UPDATE", row: { id: "2", name: "z" }, key: { id: "2" } }]);
        const deleted = await zeta.evaluateModify("delete from raw.events where events.name = 'a'", keyed);
        expect(deleted.changes).toEqual([{ operation: "DELETE", row: null, key: { id: "1" } }]);
    });

    it("reports errors of the statement", async () => {
        await expect(zeta.evaluateModify("insert into raw.events (id) values ('x')", tables)).rejects.toThrow(/\[at 1:37\]/);
    });
});
