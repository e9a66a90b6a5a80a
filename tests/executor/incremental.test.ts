import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../scripts/dataform/compile.ts";
import type { CompiledGraph } from "../../scripts/dataform/graph.ts";
import type { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import type { Row } from "../../scripts/engines/values.ts";
import { runProject, type RunProjectOptions } from "../../scripts/dataform/run-project.ts";
import { DUPLICATE_KEYS, event, EVENT_COLUMNS, EVENTS, FIRST_BATCH, SECOND_BATCH } from "../fixtures/incremental-events.ts";
import { fixtureProject, sortedRows, temporaryWarehouse } from "./harness.ts";

describe("incremental tables across runs", () => {
    let warehouse: Awaited<ReturnType<typeof temporaryWarehouse>>;
    let engine: DuckDbEngine;
    let graph: CompiledGraph;
    const run = async (rows: Row[], options: RunProjectOptions = {}) => {
        await engine.loadRows(EVENTS, EVENT_COLUMNS, rows);
        const report = await runProject(fixtureProject("incremental"), engine, { graph, ...options });
        return report;
    };
    const table = (name: string) => sortedRows(engine, `select * from warehouse.${name}`);
    const resultOf = (report: Awaited<ReturnType<typeof run>>, name: string) => report.results.find((r) => r.name.endsWith(`.${name}`))!;

    beforeAll(async () => {
        warehouse = await temporaryWarehouse();
        engine = warehouse.engine;
        graph = await compileProject(fixtureProject("incremental"));
    });
    afterAll(() => warehouse.dispose());

    it("builds every incremental from its full query on the first run", async () => {
        const report = await run(FIRST_BATCH);
        expect(report.ok).toBe(true);
        expect(report.results.every((result) => result.incremental === false)).toBe(true);
        expect(await table("events_appended")).toEqual(FIRST_BATCH);
        expect(await table("daily_overwritten")).toEqual([
            { day: "2024-01-01", events: "1", value: "10" },
            { day: "2024-01-02", events: "2", value: "50" },
        ]);
    });

    it("then appends, merges and replaces partitions, as BigQuery would", async () => {
        const report = await run(SECOND_BATCH);
        expect(report.ok).toBe(true);
        expect(resultOf(report, "events_appended")).toMatchObject({ incremental: true, rows: 1 });

        // Without uniqueKey: only the rows the incremental query selects are inserted.
        expect(await table("events_appended")).toEqual([...FIRST_BATCH, event("4", "2024-01-03", "40")]);

        // uniqueKey merge with updatePartitionFilter: id 1 lies outside the filter, so it does not match and is inserted again;
        // the NULL id never matches and is inserted.
        expect(await table("events_merged")).toEqual([
            event("1", "2024-01-01", "10"),
            event("1", "2024-01-01", "11"),
            event("2", "2024-01-02", "21"),
            event("3", "2024-01-02", "30"),
            event("4", "2024-01-03", "40"),
            event(null, "2024-01-03", "5"),
        ]);
        expect(resultOf(report, "events_merged").rows).toBe(5);

        // insert_overwrite: the days in the new rows are replaced; 2024-01-01 keeps its old value.
        expect(await table("daily_overwritten")).toEqual([
            { day: "2024-01-01", events: "1", value: "10" },
            { day: "2024-01-02", events: "2", value: "51" },
            { day: "2024-01-03", events: "2", value: "45" },
        ]);
    });

    it("runs incremental pre-operations as one script with the query (DECLARE) and runs post-operations", async () => {
        expect((await table("events_since_watermark")).map((row) => row.id)).toEqual(["1", "2", "3", "4"]);
        expect(await table("events_since_watermark_audit")).toEqual([{ row_count: "4" }]);
    });

    it("never matches NULL keys, so they are inserted on every run", async () => {
        await run(SECOND_BATCH, { actions: ["events_merged"] });
        expect((await table("events_merged")).filter((row) => row.id === null)).toHaveLength(2);
    });

    it("rebuilds on --full-refresh, except protected tables", async () => {
        const report = await run(SECOND_BATCH, { fullRefresh: true });
        expect(report.ok).toBe(true);
        expect(resultOf(report, "events_appended").incremental).toBe(false);
        expect(await table("events_appended")).toEqual(
            SECOND_BATCH.slice().sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        );
        expect(resultOf(report, "events_protected").incremental).toBe(true);
        expect(await table("events_protected")).toEqual([
            { id: "1", value: "10" },
            { id: "2", value: "20" },
            { id: "3", value: "30" },
            { id: "4", value: "40" },
        ]);
    });

    it("fails a merge whose new rows match one destination row twice, and leaves the table as it was", async () => {
        const before = await table("events_merged");
        const report = await run(DUPLICATE_KEYS, { actions: ["events_merged"] });
        expect(resultOf(report, "events_merged").status).toBe("failed");
        expect(resultOf(report, "events_merged").error).toMatch(/at most one source row/);
        expect(await table("events_merged")).toEqual(before);
    });
});
