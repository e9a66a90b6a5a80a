/**
 * The benchmark's runs on a fresh DuckDB warehouse file each: the whole graph
 * as a full refresh, the bare deduplication pass over raw.events (the floor
 * no pipeline can beat), and a one-day incremental run on top of a history.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { CompiledGraph } from "../../dataform/graph.ts";
import { isRunProblem, type ActionResult } from "../../dataform/execute.ts";
import { totalBytesRead, totalRowsRead } from "../../dataform/run-log.ts";
import { runProject, type RunReport } from "../../dataform/run-project.ts";
import { DuckDbEngine } from "../../engines/duckdb/engine.ts";
import { loadDirectory } from "../load-local.ts";
import { BENCH_DIR } from "./data.ts";
import { measure, type Measurement } from "./measure.ts";

/** The floor: one deduplication pass over raw, written as a table. */
export const FLOOR_SQL =
    "create or replace table bench.floor as select * from raw.events qualify row_number() over (partition by event_id order by received_at) = 1";

export interface RunFigures {
    events: number;
    seconds: number;
    peakRssBytes: number;
    /** Assertions that failed in the run (data checks, not errors of the run). */
    failedAssertions: string[];
    /** Rows the run's actions read from tables (DuckDB's profiler; 0 for the floor, which is not a run). */
    rowsRead: number;
    /** The bytes BigQuery would bill for those reads, estimated from the tables after the run (read-bytes.ts). */
    bytesRead: number;
    /** Each action's result, with its reads: the run's profile. */
    actions: ActionResult[];
}

/** Opens a new, empty warehouse file for one scenario. */
async function freshWarehouse(name: string): Promise<DuckDbEngine> {
    const dir = join(BENCH_DIR, "warehouses");
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${name}.duckdb`);
    rmSync(path, { force: true });
    rmSync(`${path}.wal`, { force: true });
    // Profiled, so that a run says what it read: BigQuery bills that, and an incremental run should read little.
    return DuckDbEngine.open(path, "write", { profile: true });
}

/** Actions that did not succeed; assertions are data checks, counted apart, and do not stop the benchmark. */
function failed(report: RunReport, assertions: boolean): string[] {
    return report.results
        .filter((result) => isRunProblem(result) && (result.kind === "assertion") === assertions)
        .map((result) => `${result.name}: ${result.status} ${result.error ?? ""}`);
}

function figures(events: number, measured: Measurement<unknown>, run?: GraphRun): RunFigures {
    return {
        events,
        seconds: measured.seconds,
        peakRssBytes: measured.peakRssBytes,
        failedAssertions: run?.failedAssertions ?? [],
        rowsRead: totalRowsRead(run?.actions ?? []),
        bytesRead: totalBytesRead(run?.actions ?? []),
        actions: run?.actions ?? [],
    };
}

async function rawEventCount(engine: DuckDbEngine): Promise<number> {
    return Number((await engine.query("select count(*) as n from raw.events")).rows[0].n);
}

interface GraphRun {
    actions: ActionResult[];
    /** Failed assertions: data checks on generated data, reported beside the figures. */
    failedAssertions: string[];
}

/** Runs the graph; fails on any model that fails. */
async function runGraph(engine: DuckDbEngine, graph: CompiledGraph, fullRefresh: boolean): Promise<GraphRun> {
    const report = await runProject(".", engine, { graph, fullRefresh });
    const problems = failed(report, false);
    if (problems.length > 0) throw new Error(`the run failed:\n  ${problems.join("\n  ")}`);
    return { actions: report.results, failedAssertions: failed(report, true) };
}

/** Outside the measured run: the estimate reads every table the run read. */
async function estimateBytes(engine: DuckDbEngine, run: GraphRun): Promise<void> {
    await engine.estimateReadBytes!(run.actions.flatMap((action) => action.reads ?? []));
}

export interface FullRefreshFigures {
    pipeline: RunFigures;
    floor: RunFigures;
}

/** Loads a data set, runs the floor and then the whole graph as a full refresh, each measured. */
export async function fullRefresh(name: string, dir: string, graph: CompiledGraph): Promise<FullRefreshFigures> {
    const engine = await freshWarehouse(name);
    try {
        await loadDirectory(engine, dir, { replace: true });
        const events = await rawEventCount(engine);
        await engine.execute("create schema if not exists bench");
        const floor = await measure(() => engine.execute(FLOOR_SQL));
        await engine.execute("drop schema bench cascade");
        const pipeline = await measure(() => runGraph(engine, graph, true));
        await estimateBytes(engine, pipeline.result);
        return { pipeline: figures(events, pipeline, pipeline.result), floor: figures(events, floor) };
    } finally {
        await engine.close();
    }
}

export interface IncrementalFigures {
    history: RunFigures;
    incremental: RunFigures;
}

/**
 * Loads every raw.events row received before `cutoff` (the history), runs a
 * full refresh, then appends the rows received from `cutoff` on (one day and
 * its late rows) and runs the graph incrementally; both measured.
 */
export async function incrementalDay(name: string, dir: string, cutoff: string, graph: CompiledGraph): Promise<IncrementalFigures> {
    const engine = await freshWarehouse(name);
    try {
        await loadDirectory(engine, dir, { replace: true });
        await engine.execute("create schema if not exists bench; create or replace table bench.arrivals as select * from raw.events");
        await engine.execute(`delete from raw.events where received_at >= timestamp '${cutoff}'`);
        const historyEvents = await rawEventCount(engine);
        const history = await measure(() => runGraph(engine, graph, true));
        await estimateBytes(engine, history.result); // before the incremental run changes the tables
        await engine.execute(`insert into raw.events select * from bench.arrivals where received_at >= timestamp '${cutoff}'`);
        await engine.execute("drop schema bench cascade");
        const newEvents = (await rawEventCount(engine)) - historyEvents;
        const incremental = await measure(() => runGraph(engine, graph, false));
        await estimateBytes(engine, incremental.result);
        return {
            history: figures(historyEvents, history, history.result),
            incremental: figures(newEvents, incremental, incremental.result),
        };
    } finally {
        await engine.close();
    }
}
