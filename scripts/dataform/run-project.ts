import type { Engine } from "../engines/engine.ts";
import { runOrder, type RunAction } from "./actions.ts";
import { compileProject } from "./compile.ts";
import { executeActions, existingTarget, type ActionResult, type ExecuteOptions } from "./execute.ts";
import type { CompiledGraph } from "./graph.ts";
import { selectActions, type Selection } from "./select.ts";
import { writesIncrementally, type RunOptions } from "./statements.ts";

export interface RunProjectOptions extends ExecuteOptions, Selection {
    vars?: Record<string, string>;
    /** An already compiled graph, to skip compiling again (tests that run several times). */
    graph?: CompiledGraph;
}

export interface RunReport {
    graph: CompiledGraph;
    actions: RunAction[];
    results: ActionResult[];
    ok: boolean;
}

/** compile -> select -> order -> statements -> engine: `dataform run` on a local engine. */
export async function runProject(projectDir: string, engine: Engine, options: RunProjectOptions = {}): Promise<RunReport> {
    const graph = options.graph ?? (await compileProject(projectDir, { vars: options.vars }));
    const actions = runOrder(graph, selectActions(graph, options));
    const results = await executeActions(engine, actions, options);
    // Actions a local run cannot carry out (notebooks, data preparations, unit tests) are skipped with their reason, and
    // so are their dependents; the run fails only when an action failed.
    return { graph, actions, results, ok: results.every((result) => result.status !== "failed") };
}

/** An action a run would take, and how: `incremental` when an incremental table would be written into, not rebuilt. */
export interface PlannedAction {
    action: RunAction;
    incremental?: boolean;
}

/**
 * What `runProject` would run, in order, without running it (`run --dry-run`).
 * Given the warehouse, incremental tables say whether they would be written
 * into or rebuilt; without one, every incremental is a first build.
 */
export async function planRun(graph: CompiledGraph, options: Selection & RunOptions, engine?: Engine): Promise<PlannedAction[]> {
    const planned: PlannedAction[] = [];
    for (const action of runOrder(graph, selectActions(graph, options))) {
        if (action.kind !== "incremental") {
            planned.push({ action });
            continue;
        }
        const existing = engine ? await existingTarget(engine, action) : undefined;
        planned.push({ action, incremental: writesIncrementally(action.table, existing, options) });
    }
    return planned;
}
