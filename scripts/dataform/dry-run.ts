/**
 * `bq dry-run`: every compiled action dry-run on BigQuery as Dataform would
 * send it. Dry runs are free; their bytes are an upper bound of what a run
 * processes (on-demand billing also charges at least 10 MB per table read).
 */
import type { BigQueryClient } from "../engines/bigquery/client.ts";
import { graphActions, type Action, type ActionKind } from "./actions.ts";
import { BigQuerySql } from "./bigquery-sql.ts";
import type { CompiledGraph } from "./graph.ts";
import { actionStatements } from "./statements.ts";

export type Variant = "full" | "incremental";

export interface Estimate {
    action: string;
    kind: ActionKind;
    /** full: what a first run or --full-refresh sends; incremental: an incremental run over the existing table. */
    variant: Variant;
    bytes?: number;
    /** Why there is no estimate (disabled action, incremental target not created yet). */
    skipped?: string;
    error?: string;
}

export interface DryRunTotals {
    /** Every action's full variant: a first run or --full-refresh. */
    fullRefresh: number;
    /** Incrementals' incremental variant where there is one, everything else full: a scheduled run. */
    incrementalRun: number;
}

/** A fixed name for insert_overwrite's temp table (Dataform draws a random one per run). */
const TEMP_TABLE_ID = "dry_run";

export async function dryRunProject(client: BigQueryClient, graph: CompiledGraph, concurrency = 4): Promise<Estimate[]> {
    const sql = new BigQuerySql(graph.projectConfig);
    const perAction = await mapLimit(graphActions(graph), concurrency, (action) => estimateAction(client, sql, action));
    return perAction.flat();
}

async function estimateAction(client: BigQueryClient, sql: BigQuerySql, action: Action): Promise<Estimate[]> {
    const base = { action: action.name, kind: action.kind };
    if (action.disabled) return [{ ...base, variant: "full", skipped: "disabled" }];
    const full = { ...base, variant: "full" as const, ...(await estimateJobs(client, fullJobs(sql, action))) };
    if (action.kind !== "incremental") return [full];
    return [full, { ...base, variant: "incremental", ...(await estimateIncremental(client, sql, action)) }];
}

/** The jobs of an action's full variant. An assertion's count reads its query inline: the view is not there until the run creates it. */
function fullJobs(sql: BigQuerySql, action: Action): string[] {
    const jobs = sql.jobs(action.kind, actionStatements(action, undefined).statements, TEMP_TABLE_ID);
    if (action.kind === "assertion") return [jobs[0]!, `select sum(1) as row_count from (${action.assertion.query})`];
    return jobs;
}

/** Dataform lists the existing table's columns in its insert/merge, so the incremental variant needs the table. */
async function estimateIncremental(
    client: BigQueryClient,
    sql: BigQuerySql,
    action: Action,
): Promise<Pick<Estimate, "bytes" | "skipped" | "error">> {
    try {
        const columns = await client.tableColumns(action.target);
        if (!columns) return { skipped: "target does not exist yet: the first run is the full variant" };
        const { statements } = actionStatements(action, { kind: "table", columns });
        return estimateJobs(client, sql.jobs(action.kind, statements, TEMP_TABLE_ID));
    } catch (error) {
        return { error: (error as Error).message };
    }
}

async function estimateJobs(client: BigQueryClient, jobs: string[]): Promise<Pick<Estimate, "bytes" | "error">> {
    let bytes = 0;
    try {
        for (const job of jobs) bytes += await client.dryRun(job);
        return { bytes };
    } catch (error) {
        return { error: (error as Error).message };
    }
}

export function totals(estimates: Estimate[]): DryRunTotals {
    const full = estimates.filter((estimate) => estimate.variant === "full");
    const incrementalBytes = new Map(
        estimates
            .filter((estimate) => estimate.variant === "incremental" && estimate.bytes !== undefined)
            .map((estimate) => [estimate.action, estimate.bytes ?? 0]),
    );
    return {
        fullRefresh: sum(full.map((estimate) => estimate.bytes ?? 0)),
        incrementalRun: sum(full.map((estimate) => incrementalBytes.get(estimate.action) ?? estimate.bytes ?? 0)),
    };
}

/** The estimates over the limit: each action variant is checked on its own (the totals are printed, not checked). */
export function overLimit(estimates: Estimate[], maxBytes: number): Estimate[] {
    return estimates.filter((estimate) => estimate.bytes !== undefined && estimate.bytes > maxBytes);
}

function sum(values: number[]): number {
    return values.reduce((total, value) => total + value, 0);
}

/** Runs `work` on every item with at most `limit` at a time; results keep the items' order. */
async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
    const results = new Array<R>(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
