/**
 * Runs that stop part-way, then heal. One generated data set is cut in two by
 * received_at: a warehouse file holds the full refresh of the first part (the
 * base). Each fault starts from a copy of the base: the rest of the raw rows
 * arrive, an incremental run fails at one action (executor's failAt), then an
 * ordinary run follows; every staging, intermediate and mart table must equal
 * one clean full refresh of all the data.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runOrder, type RunAction } from "../../scripts/dataform/actions.ts";
import { compileProject } from "../../scripts/dataform/compile.ts";
import { executeActions, existingTarget, oneByOne, type ExecuteOptions } from "../../scripts/dataform/execute.ts";
import type { CompiledGraph } from "../../scripts/dataform/graph.ts";
import { runProject, type RunReport } from "../../scripts/dataform/run-project.ts";
import { selectActions } from "../../scripts/dataform/select.ts";
import { actionStatements, type Statement } from "../../scripts/dataform/statements.ts";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import { readScript } from "../../scripts/engines/script.ts";
import { DEFAULT_RATES } from "../../scripts/tracking/generator/config.ts";
import { generate } from "../../scripts/tracking/generator/run.ts";
import { loadDirectory } from "../../scripts/tracking/load-local.ts";
import { compareModelTables, failures, PROJECT_DIR } from "../incremental/harness.ts";

export type Fault = NonNullable<ExecuteOptions["failAt"]>;

/** Relaxed as in tests/incremental: between the two parts a day's orders can be ahead of its purchase events. */
export const VARS = { min_match_rate: "0", late_purchase_tolerance: "1", incremental_lookback_days: "1" };

export interface FaultBench {
    dir: string;
    graph: CompiledGraph;
    /**
     * The actions of a run in run order, each with its statement count on an incremental run over the base
     * (a script counted as its top-level statements) and the counts after which a fault leaves a state of
     * its own (changesNothing), and the script variables it declares (the shape of its incremental step).
     */
    actions: { action: RunAction; statements: number; partialPoints: number[]; declared: string[] }[];
    /** One clean full refresh of all the data. */
    reference: DuckDbEngine;
    /** The warehouse file with the full refresh of the first part, and every raw row aside in landing.events. */
    base: string;
    /** A warehouse file with every raw row loaded and nothing built: before a first run. */
    unbuilt: string;
    cutoff: string;
    /** Per writing action, a warehouse file as the clean incremental run leaves it just before that action. */
    before: Map<string, string>;
}

/** Generates the data, builds the reference and the base. */
export async function prepareBench(options: { seed: number; days: number; users: number; cutoff: string }): Promise<FaultBench> {
    const dir = mkdtempSync(join(tmpdir(), "faults-"));
    const graph = await compileProject(PROJECT_DIR, { vars: VARS });
    await generate({
        out: join(dir, "data"),
        days: options.days,
        users: options.users,
        seed: options.seed,
        start: "2024-03-01",
        rates: DEFAULT_RATES,
    });

    const reference = await DuckDbEngine.open(":memory:");
    await loadDirectory(reference, join(dir, "data"), { replace: true });
    expectClean(await runProject(PROJECT_DIR, reference, { graph, fullRefresh: true }), "reference full refresh");

    const unbuilt = join(dir, "unbuilt.duckdb");
    const fresh = await DuckDbEngine.open(unbuilt);
    await loadDirectory(fresh, join(dir, "data"), { replace: true });
    await fresh.close();

    const base = join(dir, "base.duckdb");
    const engine = await DuckDbEngine.open(base);
    let actions: FaultBench["actions"];
    try {
        await loadDirectory(engine, join(dir, "data"), { replace: true });
        await engine.execute("create schema if not exists landing");
        await engine.execute("create or replace table landing.events as select * from raw.events");
        await engine.execute(`delete from raw.events where received_at >= timestamp '${options.cutoff}'`);
        expectClean(await runProject(PROJECT_DIR, engine, { graph, fullRefresh: true }), "base full refresh");
        actions = [];
        for (const action of runOrder(graph, selectActions(graph, {}))) {
            const statements =
                "skipReason" in action ? [] : oneByOne(actionStatements(action, await existingTarget(engine, action)).statements);
            const partialPoints = statements.slice(0, -1).flatMap((statement, index) => (changesNothing(statement) ? [] : [index + 1]));
            const declared = statements.flatMap((statement) =>
                statement.kind === "script" ? readScript(statement.sql).flatMap((step) => (step.kind === "declare" ? step.names : [])) : [],
            );
            actions.push({ action, statements: statements.length, partialPoints, declared });
        }
    } finally {
        await engine.close();
    }
    const bench = { dir, graph, actions, reference, base, unbuilt, cutoff: options.cutoff, before: new Map<string, string>() };
    await recordIncrementalRun(bench);
    return bench;
}

/**
 * The incremental run once, clean, its warehouse copied before each action that writes: a fault at an
 * action starts from that copy, so what ran before it is not run again for every fault.
 */
async function recordIncrementalRun(bench: FaultBench): Promise<void> {
    let { engine, path } = await openCopy(bench, "recorded");
    try {
        for (const { action } of bench.actions) {
            if (isWriting(action)) {
                await engine.close();
                const copy = join(bench.dir, `before-${bench.before.size}.duckdb`);
                copyFileSync(path, copy);
                bench.before.set(action.name, copy);
                engine = await DuckDbEngine.open(path);
            }
            expectClean({ results: await executeActions(engine, [action]) }, `incremental run at ${action.name}`);
        }
    } finally {
        await engine.close();
        removeWarehouse(path);
    }
}

/** An action whose failure can leave something behind: not an assertion, not one a local run skips. */
export function isWriting(action: RunAction): boolean {
    return !("skipReason" in action) && action.kind !== "assertion";
}

/** A statement that changes nothing in a warehouse the base built: a DECLARE, or the creation of a dataset. */
function changesNothing(statement: Statement): boolean {
    return statement.kind === "createSchema" || (statement.kind === "script" && readScript(statement.sql)[0]?.kind === "declare");
}

export async function releaseBench(bench: FaultBench | undefined): Promise<void> {
    await bench?.reference.close();
    if (bench) rmSync(bench.dir, { recursive: true, force: true });
}

/** A copy of the base with the rest of the raw rows arrived: the warehouse before the incremental run. */
export async function openCopy(bench: FaultBench, name: string): Promise<{ engine: DuckDbEngine; path: string }> {
    const path = join(bench.dir, `${name}.duckdb`);
    copyFileSync(bench.base, path);
    const engine = await DuckDbEngine.open(path);
    await engine.execute(`insert into raw.events select * from landing.events where received_at >= timestamp '${bench.cutoff}'`);
    return { engine, path };
}

/** A copy of the unbuilt warehouse: before a first run. */
export function copyUnbuilt(bench: FaultBench, name: string): string {
    const path = join(bench.dir, `${name}.duckdb`);
    copyFileSync(bench.unbuilt, path);
    return path;
}

export function removeWarehouse(path: string): void {
    for (const file of [path, `${path}.wal`]) rmSync(file, { force: true });
}

export interface FaultOutcome {
    /** The failing run: what did not succeed (the injected action first among them). */
    failedRun: string[];
    /** The ordinary run after it: [] when every action succeeded. */
    healingRun: string[];
    /** Differences from the clean full refresh after the healing run. */
    differences: string[];
}

/**
 * The incremental run fails as `fault` says (from the copy made just before the faulty action: what ran before it
 * is the same in every fault), the rest of the run goes on as the executor goes on, then an ordinary run follows.
 */
export async function tryFault(bench: FaultBench, fault: Fault, name: string): Promise<FaultOutcome> {
    const path = join(bench.dir, `${name}.duckdb`);
    copyFileSync(bench.before.get(fault.action)!, path);
    const engine = await DuckDbEngine.open(path);
    try {
        const rest = bench.actions.map(({ action }) => action).slice(bench.actions.findIndex(({ action }) => action.name === fault.action));
        const failedRun = failures({ results: await executeActions(engine, rest, { failAt: fault }) });
        const healingRun = failures(await runProject(PROJECT_DIR, engine, { graph: bench.graph }));
        return { failedRun, healingRun, differences: await compareModelTables(bench.reference, engine) };
    } finally {
        await engine.close();
        removeWarehouse(path);
    }
}

function expectClean(report: Pick<RunReport, "results">, what: string): void {
    const problems = failures(report);
    if (problems.length > 0) throw new Error(`${what} failed:\n  ${problems.join("\n  ")}`);
}
