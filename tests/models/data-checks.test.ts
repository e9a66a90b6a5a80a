/**
 * Data checks an operator needs: the freshness and volume assertions on raw
 * rows dated relative to the run (yesterday and the seven days before, in
 * UTC), and mart_assertion_results keeping every run's outcome per assertion.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import { isRunProblem } from "../../scripts/dataform/execute.ts";
import { runProject, type RunReport } from "../../scripts/dataform/run-project.ts";
import { PROJECT_DIR } from "./harness.ts";
import { loadRaw, type RawRows } from "./inputs.ts";
import { dataChecks, feed } from "./scenarios.ts";

const failing = (report: RunReport) => report.results.filter(isRunProblem).map((result) => result.name.split(".").at(-1) ?? result.name);

async function runChecks(input: RawRows, vars: Record<string, string>): Promise<string[] | undefined> {
    const engine = await DuckDbEngine.open(":memory:");
    try {
        await loadRaw(engine, input);
        return failing(await runProject(PROJECT_DIR, engine, { vars, actions: ["assert_raw__fresh", "assert_raw__volume"] }));
    } finally {
        await engine.close();
    }
}

describe("freshness and volume assertions", () => {
    it("pass on a steady feed that delivered within the window", async () => {
        expect(await runChecks(feed(4), { freshness_max_hours: "72" })).toEqual([]);
    });

    it("fail when yesterday's rows are far below the trailing median, or nothing arrived within the window", async () => {
        expect(await runChecks(feed(1), { freshness_max_hours: "1" })).toEqual(["assert_raw__fresh", "assert_raw__volume"]);
    });

    it("judge within the tolerance: 3 rows against a median of 4 pass at 0.5 and fail at 0.2", async () => {
        expect(await runChecks(feed(3), { volume_tolerance: "0.5" })).toEqual([]);
        expect(await runChecks(feed(3), { volume_tolerance: "0.2" })).toEqual(["assert_raw__volume"]);
    });
});

describe("mart_assertion_results", () => {
    let engine: DuckDbEngine;
    const reports: RunReport[] = [];
    const vars = dataChecks.vars;

    beforeAll(async () => {
        engine = await DuckDbEngine.open(":memory:");
        // no orders: the graph's reconciliation has nothing to miss, and raw.orders is stale
        await loadRaw(engine, dataChecks.raw);
        reports.push(await runProject(PROJECT_DIR, engine, { vars }));
        reports.push(await runProject(PROJECT_DIR, engine, { vars }));
    });
    afterAll(async () => {
        await engine?.close();
    });

    it("is written although assertions failed; only the two raw checks failed", () => {
        for (const report of reports) expect(failing(report)).toEqual(["assert_raw__fresh", "assert_raw__volume"]);
    });

    it("keeps one row per enabled assertion and run, with the failing rows the assertion found", async () => {
        const { rows } = await engine.query(
            "select assertion_name, count(distinct run_at) as runs, max(failing_rows) as failing_rows, logical_or(passed) as passed from marts.mart_assertion_results group by assertion_name order by assertion_name",
        );
        const assertionViews = reports[0]!.graph.assertions!.filter(
            (assertion) => !assertion.disabled && !assertion.target.name.includes("mart_assertion_results"),
        );
        expect(rows.map((row) => row.assertion_name)).toEqual(
            assertionViews.map((assertion) => `${assertion.target.schema}.${assertion.target.name}`).sort(),
        );
        expect(rows.every((row) => row.runs === "2")).toBe(true);
        expect(rows.filter((row) => row.passed === false)).toEqual([
            { assertion_name: "dataform_assertions.assert_raw__fresh", runs: "2", failing_rows: "2", passed: false },
            { assertion_name: "dataform_assertions.assert_raw__volume", runs: "2", failing_rows: "1", passed: false },
        ]);
    });
});
