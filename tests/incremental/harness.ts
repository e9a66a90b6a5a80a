/**
 * Incremental runs against one full refresh: the same generated data is run
 * once as a full refresh, and again as a full refresh of a first batch
 * followed by incremental runs as the later batches arrive (batches cut by
 * received_at, as a collector fills raw.events). Every table the graph
 * writes must come out identical.
 */
import type { CompiledGraph } from "../../scripts/dataform/graph.ts";
import { isRunProblem } from "../../scripts/dataform/execute.ts";
import { runProject, type RunReport } from "../../scripts/dataform/run-project.ts";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import type { Target } from "../../scripts/engines/engine.ts";
import { loadDirectory } from "../../scripts/tracking/load-local.ts";
import { compareRows } from "../differential/compare.ts";

export const PROJECT_DIR = new URL("../../", import.meta.url).pathname;

/** The datasets the graph writes (vars at their defaults). */
const MODEL_SCHEMAS = ["staging", "intermediate", "marts"];

/** The change logs and the marks of their readers record runs, not data, and mart_assertion_results appends every run's outcomes: they differ from a full refresh by design (checked in scenarios.test.ts). */
const RUN_SCOPED_TABLES = [
    "intermediate.int_person_changes",
    "intermediate.int_order_revenue_changes",
    "intermediate.int_changes_applied",
    "marts.mart_assertion_results",
];

/** A warehouse with every raw table loaded from a generated folder, events also kept aside in landing.events. */
export async function loadGenerated(dir: string): Promise<DuckDbEngine> {
    const engine = await DuckDbEngine.open(":memory:");
    await loadDirectory(engine, dir, { replace: true });
    return engine;
}

/** Failures of a run, as `name: status error`; [] when every action succeeded. */
export function failures(report: Pick<RunReport, "results">): string[] {
    return report.results.filter(isRunProblem).map((result) => `${result.name}: ${result.status} ${result.error ?? ""}`);
}

/**
 * Moves raw.events aside (landing.events) and replays it in batches: before
 * run k, raw.events holds every row received before cutoffs[k] (the last run
 * gets everything). The first run is a full refresh, the others incremental.
 * Rows matching `delayed` are held back until the last run.
 * Returns the reports of every run.
 */
export async function runInBatches(
    engine: DuckDbEngine,
    graph: CompiledGraph,
    cutoffs: string[],
    /** BigQuery condition on landing.events: rows that reach raw.events only just before the last run (a delayed load). */
    delayed = "false",
): Promise<RunReport[]> {
    await engine.execute("create schema if not exists landing");
    await engine.execute("create or replace table landing.events as select * from raw.events");
    await engine.execute("delete from raw.events where true");
    const reports: RunReport[] = [];
    const bounds = [...cutoffs, undefined];
    let previous: string | undefined;
    for (const [index, cutoff] of bounds.entries()) {
        const conditions = [
            previous ? `received_at >= timestamp '${previous}'` : "true",
            cutoff ? `received_at < timestamp '${cutoff}'` : "true",
        ];
        const last = index === bounds.length - 1;
        await engine.execute(`insert into raw.events select * from landing.events where ${conditions.join(" and ")} and not (${delayed})`);
        if (last) await engine.execute(`insert into raw.events select * from landing.events where ${delayed}`);
        reports.push(await runProject(PROJECT_DIR, engine, { graph, fullRefresh: index === 0 }));
        previous = cutoff;
    }
    return reports;
}

/** Every table the graph wrote in one warehouse, by schema and name, except the run-scoped ones. */
export async function modelTables(engine: DuckDbEngine): Promise<Target[]> {
    return (await engine.relations())
        .filter(({ target, kind }) => kind === "table" && MODEL_SCHEMAS.includes(target.schema))
        .map(({ target }) => target)
        .filter((target) => !RUN_SCOPED_TABLES.includes(`${target.schema}.${target.name}`));
}

/**
 * Compares every model table of `incremental` with `full`, table by table:
 * the same tables, the same columns in the same order, and the same rows as
 * a multiset (exact values; FLOAT64 to 12 significant digits). One message per
 * difference naming the table, its first differing column and rows.
 */
export async function compareModelTables(full: DuckDbEngine, incremental: DuckDbEngine): Promise<string[]> {
    const problems: string[] = [];
    const [fullTables, incrementalTables] = [await modelTables(full), await modelTables(incremental)];
    const names = (targets: Target[]) => targets.map((target) => `${target.schema}.${target.name}`);
    if (names(fullTables).join() !== names(incrementalTables).join()) {
        problems.push(
            `tables differ\n  full refresh: ${names(fullTables).join(", ")}\n  incremental:  ${names(incrementalTables).join(", ")}`,
        );
    }
    for (const target of fullTables) {
        const name = `${target.schema}.${target.name}`;
        const show = async (engine: DuckDbEngine) =>
            (await engine.columns(target)).map((column) => `${column.name} ${column.type}`).join(", ");
        const [fullColumns, incrementalColumns] = [await show(full), await show(incremental)];
        if (fullColumns !== incrementalColumns) {
            problems.push(`${name}: columns differ\n  full refresh: ${fullColumns}\n  incremental:  ${incrementalColumns}`);
            continue;
        }
        const sql = `select * from \`${name}\``;
        const difference = compareRows((await full.query(sql)).rows, (await incremental.query(sql)).rows);
        if (difference) {
            problems.push(`${name}: ${difference.replace(/duckdb/g, "full refresh").replace(/zetasql/g, "incremental")}`);
        }
    }
    return problems;
}
