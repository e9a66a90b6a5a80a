/**
 * The marts recover what the generator knows (truth.json) exactly, for several seeds and sizes:
 * each data set generated, loaded like `npm run local -- load` and run like `npm run local -- run`,
 * then every number of truth.json a table shows compared (scripts/tracking/truth-check.ts). Every
 * defect of the generator is on, malformed payloads included. `npm run local -- truth` runs the same
 * check on a larger data set.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import { loadDirectory } from "../../scripts/tracking/load-local.ts";
import { isRunProblem } from "../../scripts/dataform/execute.ts";
import { runProject, type RunReport } from "../../scripts/dataform/run-project.ts";
import { DEFAULT_RATES } from "../../scripts/tracking/generator/config.ts";
import { generate } from "../../scripts/tracking/generator/run.ts";
import type { Truth } from "../../scripts/tracking/generator/truth.ts";
import { SUMMARY } from "../../scripts/tracking/demo.ts";
import { compareWithTruth, type TruthMismatch } from "../../scripts/tracking/truth-check.ts";
import { PROJECT_DIR } from "./harness.ts";

const SIZES = [
    { seed: 7, days: 3, users: 300 },
    { seed: 3, days: 2, users: 600 },
    { seed: 11, days: 5, users: 150 },
];

describe.each(SIZES)("seed $seed, $users users, $days days", (size) => {
    let dir: string;
    let engine: DuckDbEngine;
    let report: RunReport;
    let truth: Truth;
    let mismatches: TruthMismatch[];

    beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), "marts-truth-"));
        await generate({ ...size, out: dir, start: "2024-03-01", rates: DEFAULT_RATES });
        truth = JSON.parse(readFileSync(join(dir, "truth.json"), "utf8")) as Truth;
        engine = await DuckDbEngine.open(":memory:");
        await loadDirectory(engine, dir, { replace: true });
        // a few dozen orders a day: one late purchase is a large share of a day (the check of the daily share is for real volumes)
        report = await runProject(PROJECT_DIR, engine, { vars: { late_purchase_tolerance: "0.5" } });
        mismatches = await compareWithTruth(engine, truth);
    });

    afterAll(async () => {
        await engine?.close();
        rmSync(dir, { recursive: true, force: true });
    });

    it("runs every action of the graph, assertions included", () => {
        expect(report.results.filter(isRunProblem).map((result) => `${result.name}: ${result.error}`)).toEqual([]);
    });

    it("shows every number of truth.json", () => {
        expect(mismatches).toEqual([]);
    });

    it("answers every query of the demo's summary with rows", async () => {
        for (const [title, sql] of SUMMARY) expect((await engine.query(sql)).rows.length, title).toBeGreaterThan(0);
    });

    it("exercises every quarantine reason and late purchases", () => {
        expect(Object.entries(truth.quarantine_by_reason).filter(([, count]) => count === 0)).toEqual([]);
        expect(truth.reconciliation.late_purchase_events).toBeGreaterThan(0);
    });
});
