/**
 * Scenario fixtures for the models: small hand-written raw rows in, the whole
 * Dataform graph run on an in-memory DuckDB warehouse (the local executor
 * and engine, as `npm run local -- run` uses them), mart rows out.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { compileProject } from "../../scripts/dataform/compile.ts";
import type { CompiledGraph } from "../../scripts/dataform/graph.ts";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import type { Row } from "../../scripts/engines/values.ts";
import { isRunProblem } from "../../scripts/dataform/execute.ts";
import { runProject, type RunReport } from "../../scripts/dataform/run-project.ts";
import { loadRaw, type RawRows } from "./inputs.ts";

export { event, order, purchase, rate, type EventInput, type RawRows } from "./inputs.ts";

export const PROJECT_DIR = fileURLToPath(new URL("../../", import.meta.url));

const graphs = new Map<string, Promise<CompiledGraph>>();

/** The compiled graph for a set of vars, compiled once per test file. */
function graphFor(vars: Record<string, string>): Promise<CompiledGraph> {
    const key = JSON.stringify(vars);
    let graph = graphs.get(key);
    if (!graph) {
        graph = compileProject(PROJECT_DIR, { vars });
        graphs.set(key, graph);
    }
    return graph;
}

export interface Scenario {
    report: RunReport;
    /** Runs BigQuery SQL (dataset.table names) on the scenario's warehouse. */
    rows(sql: string): Promise<Row[]>;
    /** Names of the actions that did not succeed, with their errors. */
    failures(): string[];
    close(): Promise<void>;
}

/** Loads the raw rows (missing tables empty, missing columns NULL) and runs the whole graph. */
export async function runScenario(raw: RawRows, vars: Record<string, string> = {}): Promise<Scenario> {
    const engine = await DuckDbEngine.open(":memory:");
    await loadRaw(engine, raw);
    const report = await runProject(PROJECT_DIR, engine, { vars, graph: await graphFor(vars) });
    return {
        report,
        rows: async (sql) => (await engine.query(sql)).rows,
        failures: () => report.results.filter(isRunProblem).map((result) => `${result.name}: ${result.status} ${result.error ?? ""}`),
        close: () => engine.close(),
    };
}

/**
 * Runs the scenario once for the surrounding describe block (closing it after),
 * adds the test that every action, assertions included, succeeded, and returns
 * a getter for the scenario.
 */
export function useScenario(raw: RawRows, vars: Record<string, string> = {}): () => Scenario {
    let scenario: Scenario | undefined;
    beforeAll(async () => {
        scenario = await runScenario(raw, vars);
    });
    afterAll(async () => {
        await scenario?.close();
    });
    const get = () => {
        if (!scenario) throw new Error("the scenario did not run");
        return scenario;
    };
    it("runs every action of the graph, assertions included", () => {
        expect(get().failures()).toEqual([]);
    });
    return get;
}
