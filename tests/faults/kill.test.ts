/**
 * Runs that heal after the process is killed: the command line's `run` in a
 * child process gets SIGKILL once it reports a given action finished (the
 * kill lands in whatever it runs next), in a first run and in an incremental
 * run; an ordinary run follows and every table must equal one clean full
 * refresh of the same data.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import { runProject } from "../../scripts/dataform/run-project.ts";
import { compareModelTables, failures, PROJECT_DIR } from "../incremental/harness.ts";
import { copyUnbuilt, openCopy, prepareBench, releaseBench, removeWarehouse, VARS, type FaultBench } from "./harness.ts";

let bench: FaultBench | undefined;
let kills = 0;

beforeAll(async () => {
    bench = await prepareBench({ seed: 5, days: 3, users: 60, cutoff: "2024-03-02 12:00:00+00" });
}, 600_000);

afterAll(async () => {
    console.log(`runs killed: ${kills}`);
    await releaseBench(bench);
});

/** Runs the command line on `warehouse` and kills it once its progress reports `after` done; the lines it printed. */
async function runKilled(warehouse: string, after: string): Promise<string[]> {
    const vars = Object.entries(VARS)
        .map(([name, value]) => `${name}=${value}`)
        .join(",");
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/cli.ts", "run", "--warehouse", warehouse, "--vars", vars], {
        cwd: PROJECT_DIR,
        stdio: ["ignore", "pipe", "inherit"],
    });
    const lines: string[] = [];
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    for await (const line of createInterface({ input: child.stdout })) {
        lines.push(line);
        if (new RegExp(`\\b(OK|FAIL)\\s+\\S+\\.${after}\\b`).test(line)) {
            child.kill("SIGKILL");
            break;
        }
    }
    const signal = await exited;
    if (signal !== "SIGKILL") throw new Error(`the run ended before ${after} (signal ${signal}):\n${lines.join("\n")}`);
    kills += 1;
    return lines;
}

/** After the kill: an ordinary run in this process, then the comparison with the clean full refresh. */
async function heal(path: string): Promise<{ healingRun: string[]; differences: string[] }> {
    const engine = await DuckDbEngine.open(path);
    try {
        const healingRun = failures(await runProject(PROJECT_DIR, engine, { graph: bench!.graph }));
        return { healingRun, differences: await compareModelTables(bench!.reference, engine) };
    } finally {
        await engine.close();
        removeWarehouse(path);
    }
}

/** Kill points: inside the staging of events, and inside the per-person and mart tables that apply the change logs. */
const FIRST_RUN_POINTS = ["stg_events_parsed", "int_events_sessionized"];
const INCREMENTAL_POINTS = ["int_events_stitched", "fct_sessions"];

describe("a first run killed part-way, then an ordinary run", () => {
    it.each(FIRST_RUN_POINTS)(
        "killed after %s: every table equals one full refresh",
        async (after) => {
            const path = copyUnbuilt(bench!, `first-${after}`);
            await runKilled(path, after);
            expect(await heal(path)).toEqual({ healingRun: [], differences: [] });
        },
        600_000,
    );
});

describe("an incremental run killed part-way, then an ordinary run", () => {
    it.each(INCREMENTAL_POINTS)(
        "killed after %s: every table equals one full refresh",
        async (after) => {
            const { engine, path } = await openCopy(bench!, `incremental-${after}`);
            await engine.close();
            await runKilled(path, after);
            expect(await heal(path)).toEqual({ healingRun: [], differences: [] });
        },
        600_000,
    );
});
