import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileProject, CompilationFailed } from "../../scripts/dataform/compile.ts";
import type { CompiledGraph } from "../../scripts/dataform/graph.ts";
import type { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import type { ActionResult } from "../../scripts/dataform/execute.ts";
import { runProject } from "../../scripts/dataform/run-project.ts";
import { fixtureProject, sortedRows, temporaryWarehouse } from "./harness.ts";

const project = fixtureProject("graph");
const statusOf = (results: ActionResult[], name: string) => results.find((result) => result.name.endsWith(`.${name}`))?.status;

describe("a project of tables, views, operations and assertions", () => {
    let warehouse: Awaited<ReturnType<typeof temporaryWarehouse>>;
    let engine: DuckDbEngine;
    let results: ActionResult[];

    beforeAll(async () => {
        warehouse = await temporaryWarehouse();
        engine = warehouse.engine;
        ({ results } = await runProject(project, engine));
    });
    afterAll(() => warehouse.dispose());

    it("runs every enabled action and leaves the disabled one alone", async () => {
        expect(results.filter((result) => result.status !== "succeeded").map((result) => [result.name, result.status])).toEqual([
            ["fixture-project.shop.retired", "disabled"],
        ]);
        expect(await engine.relationKind({ schema: "shop", name: "retired" })).toBeUndefined();
    });

    it("creates views as views and tables as tables", async () => {
        expect(await engine.relationKind({ schema: "shop", name: "stg_orders" })).toBe("view");
        expect(await engine.relationKind({ schema: "shop", name: "customer_totals" })).toBe("table");
        expect(await engine.relationKind({ schema: "src", name: "orders" })).toBe("table");
    });

    it("computes the table with BigQuery's types and values", async () => {
        expect(await sortedRows(engine, "select * from shop.customer_totals")).toEqual([
            { customer_id: "c1", first_order_date: "2024-01-01", orders: "2", total: "14.75" },
            { customer_id: "c2", first_order_date: "2024-01-03", orders: "1", total: "100" },
        ]);
        expect(results.find((result) => result.name.endsWith(".customer_totals"))?.rows).toBe(2);
    });

    it("runs an operation's statements in order and lets others ref() its output", async () => {
        expect(await sortedRows(engine, "select * from shop.customer_count")).toEqual([{ customers: "3" }]);
    });

    it("creates each assertion as a view in the assertion dataset", async () => {
        expect(await engine.relationKind({ schema: "shop_assertions", name: "shop_customer_totals_assertions_rowConditions" })).toBe(
            "view",
        );
        expect(await engine.relationKind({ schema: "shop_assertions", name: "assert_no_negative_amounts" })).toBe("view");
    });

    it("replaces a table of the same name when the action is a view", async () => {
        await engine.execute("drop view shop.calendar; create table shop.calendar as select 1 as stale");
        const { results: rerun } = await runProject(project, engine, { actions: ["calendar"] });
        expect(statusOf(rerun, "calendar")).toBe("succeeded");
        expect(await engine.relationKind({ schema: "shop", name: "calendar" })).toBe("view");
        expect(await sortedRows(engine, "select * from shop.calendar")).toEqual([
            { day: "2024-01-01" },
            { day: "2024-01-02" },
            { day: "2024-01-03" },
        ]);
    });
});

describe("failures", () => {
    let warehouse: Awaited<ReturnType<typeof temporaryWarehouse>>;
    let results: ActionResult[];
    let ok: boolean;

    beforeAll(async () => {
        warehouse = await temporaryWarehouse();
        ({ results, ok } = await runProject(project, warehouse.engine, { vars: { with_refund: "true" } }));
    });
    afterAll(() => warehouse.dispose());

    it("fails a custom assertion that returns rows, and shows them", () => {
        const failed = results.find((result) => result.name.endsWith(".assert_no_negative_amounts"))!;
        expect(failed.status).toBe("failed");
        expect(failed.error).toMatch(/1 row/);
        expect(failed.failingRows).toEqual([{ order_id: "o4", amount: "-150" }]);
        expect(ok).toBe(false);
    });

    it("fails a built-in rowConditions assertion and names the condition", () => {
        const failed = results.find((result) => result.name.endsWith("_rowConditions"))!;
        expect(failed.status).toBe("failed");
        expect(failed.failingRows?.[0]).toMatchObject({ failing_row_condition: "total >= 0", customer_id: "c2", total: "-50" });
    });

    it("skips what depends on a failed action and runs the independent branches", () => {
        expect(statusOf(results, "after_check")).toBe("skipped");
        expect(statusOf(results, "customer_count")).toBe("succeeded");
        expect(statusOf(results, "calendar")).toBe("succeeded");
    });
});

describe("compilation", () => {
    it("passes --vars to the compiler", async () => {
        const graph: CompiledGraph = await compileProject(project, { vars: { min_amount: "5" } });
        const table = graph.tables?.find((candidate) => candidate.target.name === "customer_totals");
        expect(table?.query).toContain("where amount >= 5");
    });

    it("reports each compilation error with its file", async () => {
        const failure = await compileProject(fixtureProject("broken")).catch((error) => error);
        expect(failure).toBeInstanceOf(CompilationFailed);
        const files = (failure as CompilationFailed).errors.map((error) => error.fileName);
        expect(files).toContain("definitions/unknown_type.sqlx");
        expect((failure as CompilationFailed).message).toMatch(/missing_table/);
    });
});
