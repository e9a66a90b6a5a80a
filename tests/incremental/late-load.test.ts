/**
 * Raw rows that reach raw.events after their received date (a delayed load):
 * picked up while their received date is inside the lookback window, left
 * out (and reported by assert_events__nothing_lost) beyond it. docs/incremental.md.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../scripts/dataform/compile.ts";
import type { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import type { RunReport } from "../../scripts/dataform/run-project.ts";
import { runProject } from "../../scripts/dataform/run-project.ts";
import { DEFAULT_RATES } from "../../scripts/tracking/generator/config.ts";
import { generate } from "../../scripts/tracking/generator/run.ts";
import { compareModelTables, failures, loadGenerated, PROJECT_DIR, runInBatches } from "./harness.ts";

const VARS = { min_match_rate: "0", late_purchase_tolerance: "1" };
const CUTOFFS = ["2024-03-02 00:00:00+00", "2024-03-03 00:00:00+00", "2024-03-04 00:00:00+00", "2024-03-05 00:00:00+00"];
/** An hour of 2024-03-02 whose rows are loaded only before the last run, when the latest received date held is 2024-03-04. */
const DELAYED = "received_at >= timestamp '2024-03-02 07:00:00+00' and received_at < timestamp '2024-03-02 08:00:00+00'";

let dir: string;
beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "late-load-"));
    await generate({ out: dir, days: 4, users: 120, seed: 17, start: "2024-03-01", rates: DEFAULT_RATES });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runBoth(lookbackDays: string): Promise<{ full: DuckDbEngine; batched: DuckDbEngine; reports: RunReport[] }> {
    const graph = await compileProject(PROJECT_DIR, { vars: { ...VARS, incremental_lookback_days: lookbackDays } });
    const full = await loadGenerated(dir);
    expect(failures(await runProject(PROJECT_DIR, full, { graph, fullRefresh: true }))).toEqual([]);
    const batched = await loadGenerated(dir);
    const reports = await runInBatches(batched, graph, CUTOFFS, DELAYED);
    return { full, batched, reports };
}

/** Runs both warehouses for the surrounding describe block, closing them after; returns a getter. */
function useRuns(lookbackDays: string): () => Awaited<ReturnType<typeof runBoth>> {
    let run: Awaited<ReturnType<typeof runBoth>> | undefined;
    beforeAll(async () => {
        run = await runBoth(lookbackDays);
    });
    afterAll(async () => {
        await run?.full.close();
        await run?.batched.close();
    });
    return () => run!;
}

describe("rows loaded two days after their received date, lookback 3 days", () => {
    const run = useRuns("3");

    it("are picked up: every table equals one full refresh", async () => {
        const delayed = Number(
            (await run().batched.query(`select count(*) as n from staging.stg_events_parsed where ${DELAYED}`)).rows[0].n,
        );
        expect(delayed).toBeGreaterThan(0);
        expect(run().reports.map(failures)).toEqual(CUTOFFS.concat("end").map(() => []));
        expect(await compareModelTables(run().full, run().batched)).toEqual([]);
    });
});

describe("rows loaded two days after their received date, lookback 1 day", () => {
    const run = useRuns("1");

    it("are left out of staging: exactly the delayed rows are missing", async () => {
        const count = async (engine: DuckDbEngine, sql: string) => Number((await engine.query(sql)).rows[0].n);
        const delayed = await count(run().batched, `select count(*) as n from raw.events where ${DELAYED}`);
        const staged = `select count(*) as n from staging.stg_events_parsed where ${DELAYED}`;
        expect(delayed).toBeGreaterThan(0);
        expect(await count(run().full, staged)).toBe(delayed);
        expect(await count(run().batched, staged)).toBe(0);
    });

    it("are reported, not lost silently: the two nothing-lost checks fail in the last run, and only they", () => {
        expect(run().reports.slice(0, -1).map(failures)).toEqual(CUTOFFS.map(() => []));
        expect(
            failures(run().reports.at(-1)!)
                .map((line) => line.split(":")[0])
                .sort(),
        ).toEqual([
            "my-gcp-project.dataform_assertions.assert_events__nothing_lost",
            "my-gcp-project.dataform_assertions.marts_mart_data_quality_daily_assertions_rowConditions",
        ]);
    });
});
