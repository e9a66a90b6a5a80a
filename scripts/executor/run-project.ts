import { compileProject } from "../dataform/compile.ts";
import type { CompiledGraph } from "../dataform/graph.ts";
import { planActions, type PlannedAction } from "../dataform/plan.ts";
import { selectActions, type Selection } from "../dataform/select.ts";
import type { Engine } from "../engines/engine.ts";
import { executePlan, type ActionResult, type ExecuteOptions } from "./execute.ts";

export interface RunProjectOptions extends ExecuteOptions, Selection {
    vars?: Record<string, string>;
    /** An already compiled graph, to skip compiling again (tests that run several times). */
    graph?: CompiledGraph;
}

export interface RunReport {
    graph: CompiledGraph;
    plan: PlannedAction[];
    results: ActionResult[];
    ok: boolean;
}

/** compile -> select -> plan -> execute: `dataform run` on a local engine. */
export async function runProject(projectDir: string, engine: Engine, options: RunProjectOptions = {}): Promise<RunReport> {
    const graph = options.graph ?? (await compileProject(projectDir, { vars: options.vars }));
    const plan = planActions(graph, selectActions(graph, options));
    const results = await executePlan(engine, plan, options);
    return { graph, plan, results, ok: results.every((result) => result.status === "succeeded" || result.status === "disabled") };
}
