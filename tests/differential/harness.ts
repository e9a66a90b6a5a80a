/**
 * One project, two engines: the same compiled graph runs on DuckDB (a fresh
 * warehouse file) and on the ZetaSQL engine, and the outcomes are compared.
 */
import type { CompiledGraph } from "../../scripts/dataform/graph.ts";
import type { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import type { Target } from "../../scripts/engines/engine.ts";
import type { Column, Row } from "../../scripts/engines/values.ts";
import type { ZetaSql } from "../../scripts/engines/zetasql/index.ts";
import { ZetaSqlEngine } from "../../scripts/engines/zetasql/engine.ts";
import type { ActionResult } from "../../scripts/dataform/execute.ts";
import { runProject, type RunProjectOptions, type RunReport } from "../../scripts/dataform/run-project.ts";
import { temporaryWarehouse } from "../executor/harness.ts";
import { compareWarehouses, targetsOf, unionOfTargets } from "./compare.ts";

export interface EnginePair {
    duckdb: DuckDbEngine;
    zetasql: ZetaSqlEngine;
    dispose(): Promise<void>;
}

/** A fresh DuckDB warehouse and a fresh ZetaSQL engine on a shared server. */
export async function openPair(zetaSql: ZetaSql): Promise<EnginePair> {
    const warehouse = await temporaryWarehouse();
    const zetasql = await ZetaSqlEngine.open({ zetaSql });
    return {
        duckdb: warehouse.engine,
        zetasql,
        dispose: async () => {
            await zetasql.close();
            await warehouse.dispose();
        },
    };
}

export async function loadBoth(pair: EnginePair, target: Target, columns: Column[], rows: Row[]): Promise<void> {
    await pair.duckdb.loadRows(target, columns, rows);
    await pair.zetasql.loadRows(target, columns, rows);
}

/** What a run did, action by action, in a form two engines' runs compare by equality. */
export function outcomes(results: ActionResult[]): Pick<ActionResult, "name" | "status" | "rows" | "incremental">[] {
    return results.map(({ name, status, rows, incremental }) => ({ name, status, rows, incremental }));
}

export interface DifferentialRun {
    duckdb: RunReport;
    zetasql: RunReport;
    /** Differences between what the two warehouses hold after the run; [] when they agree. */
    differences: string[];
}

/** Runs one compiled graph on both engines and compares every table and view either warehouse holds. */
export async function runBoth(
    pair: EnginePair,
    projectDir: string,
    graph: CompiledGraph,
    options: RunProjectOptions = {},
): Promise<DifferentialRun> {
    const duckdb = await runProject(projectDir, pair.duckdb, { ...options, graph });
    const zetasql = await runProject(projectDir, pair.zetasql, { ...options, graph });
    const targets = unionOfTargets(await targetsOf(pair.duckdb), await targetsOf(pair.zetasql));
    return { duckdb, zetasql, differences: await compareWarehouses(pair.duckdb, pair.zetasql, targets) };
}
