/** The catalog and errors in the user's terms: `ls`, INFORMATION_SCHEMA in BigQuery's shape, SQL errors with line:col. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import { local } from "./local.ts";

const scratch = mkdtempSync(join(tmpdir(), "catalog-"));
const path = join(scratch, "warehouse.duckdb");
let engine: DuckDbEngine;

beforeAll(async () => {
    engine = await DuckDbEngine.open(path);
    await engine.loadRows(
        { schema: "marts", name: "orders" },
        [
            { name: "order_id", type: "STRING" },
            { name: "revenue", type: "NUMERIC" },
            { name: "ordered_at", type: "TIMESTAMP" },
        ],
        [
            { order_id: "o1", revenue: "10.5", ordered_at: "2024-03-01T10:00:00.000000Z" },
            { order_id: "o2", revenue: "3", ordered_at: "2024-03-02T10:00:00.000000Z" },
        ],
    );
    await engine.createView({ schema: "marts", name: "big_orders" }, "select order_id from marts.orders where revenue > 5");
    await engine.loadRows({ schema: "raw", name: "events" }, [{ name: "event_id", type: "STRING" }], [{ event_id: "e1" }]);
});

afterAll(async () => {
    await engine.close();
    rmSync(scratch, { recursive: true, force: true });
});

describe("INFORMATION_SCHEMA", () => {
    it("answers dataset.INFORMATION_SCHEMA.TABLES in BigQuery's column names, one dataset only", async () => {
        const { columns, rows } = await engine.query("select * from marts.INFORMATION_SCHEMA.TABLES order by table_name");
        expect(columns.map((column) => column.name)).toEqual([
            "table_catalog",
            "table_schema",
            "table_name",
            "table_type",
            "is_insertable_into",
            "is_typed",
            "creation_time",
            "ddl",
        ]);
        expect(rows.map((row) => [row.table_schema, row.table_name, row.table_type])).toEqual([
            ["marts", "big_orders", "VIEW"],
            ["marts", "orders", "BASE TABLE"],
        ]);
    });

    it("answers COLUMNS with BigQuery's types, and region-qualified views cover every dataset", async () => {
        const { rows } = await engine.query(
            "select table_name, column_name, ordinal_position, data_type from `proj.marts.INFORMATION_SCHEMA.COLUMNS` where table_name = 'orders' order by ordinal_position",
        );
        expect(rows).toEqual([
            { table_name: "orders", column_name: "order_id", ordinal_position: "1", data_type: "STRING" },
            { table_name: "orders", column_name: "revenue", ordinal_position: "2", data_type: "NUMERIC" },
            { table_name: "orders", column_name: "ordered_at", ordinal_position: "3", data_type: "TIMESTAMP" },
        ]);
        const all = await engine.query("select distinct table_schema from `region-us`.INFORMATION_SCHEMA.TABLES order by 1");
        expect(all.rows.map((row) => row.table_schema)).toEqual(["marts", "raw"]);
    });
});

describe("errors in the user's terms", () => {
    it.each([
        ["selct 1", "syntax error at 1:8: Invalid expression / Unexpected token"],
        ["select order_id,\n       amount\nfrom marts.orders", 'column "amount" not found at 2:8: did you mean "ordered_at"?'],
        ["select * from `proj.nope.orders`", "table nope.orders not found at 1:26: there is no dataset nope"],
        ["select * from nope.INFORMATION_SCHEMA.TABLES", "dataset nope not found at 1:15"],
    ])("%j", async (sql, message) => {
        const error = await engine.query(sql).then(
            () => undefined,
            (caught: Error) => caught,
        );
        expect(error?.message).toBe(message);
        expect(error?.message).not.toMatch(/dwh|Binder Error|Catalog Error|Parser Error|LINE \d/);
    });
});

describe("npm run local -- ls", () => {
    it("lists datasets and tables with rows and columns, and one table's columns", async () => {
        // Another process reads the file: this one lets go of it first.
        await engine.close();
        const { code, stdout } = await local(["ls", "--warehouse", path]);
        expect(code).toBe(0);
        expect(stdout).toMatch(
            /^marts {2}\(2 tables\)\n {2}big_orders {2}view\s+1 columns\n {2}orders {6}table\s+2 rows\s+3 columns\nraw {2}\(1 table\)\n {2}events {2}table\s+1 rows\s+1 columns$/m,
        );
        const table = await local(["ls", "marts.orders", "--warehouse", path]);
        expect(table.stdout).toMatch(/^marts\.orders: table, 2 rows, 3 columns\n(.*\n){3} {2}2 {2}revenue {5}NUMERIC$/m);
        engine = await DuckDbEngine.open(path);
    });
});
