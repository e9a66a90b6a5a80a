/**
 * The SQL each kind of action runs, analyzed in the order and with the tables
 * Dataform's BigQuery adapter would have (notes/dataform-execution.md):
 * pre-operations, the query, post-operations as one script; for incrementals
 * also the incremental path, where the table itself exists and the new rows
 * are inserted or merged into its columns.
 */
import type { CompiledAssertion, CompiledOperation, CompiledTable, CompiledTarget } from "../dataform/graph.ts";
import type { Column } from "../engines/values.ts";
import { analyzeQuery, analyzeScript, ScriptScope, SqlProblem, type AnalysisContext } from "./analyze.ts";

/** A failed check in one part of an action (`query`, `pre_operations[0]`, ...), with that part's compiled SQL. */
export class PartProblem extends Error {
    constructor(
        readonly part: string,
        readonly sql: string,
        readonly problem: SqlProblem,
    ) {
        super(problem.message);
    }
}

/** Runs `check`; any failure becomes a PartProblem for `part`. */
async function inPart<T>(part: string, sql: string, check: () => Promise<T>): Promise<T> {
    try {
        return await check();
    } catch (error) {
        throw new PartProblem(part, sql, error instanceof SqlProblem ? error : new SqlProblem((error as Error).message));
    }
}

async function scripts(part: string, sqls: string[] | undefined, scope: ScriptScope, context: AnalysisContext): Promise<void> {
    for (const [index, sql] of (sqls ?? []).entries()) {
        await inPart(`${part}[${index}]`, sql, () => analyzeScript(sql, scope, context));
    }
}

/** A table or view as a first run (or full refresh) builds it; defines its columns. */
export async function validateTable(table: CompiledTable, context: AnalysisContext): Promise<void> {
    const scope = new ScriptScope();
    // The target does not exist yet on a first run; its own pre-operations cannot read it.
    const firstRun = { ...context, absent: table.target };
    await scripts("pre_operations", table.preOps, scope, firstRun);
    const columns = await inPart("query", table.query, () => analyzeQuery(table.query, scope, firstRun));
    context.catalog.define(table.target, columns);
    await scripts("post_operations", table.postOps, scope, context);
}

/** The incremental path: the table exists with the columns of its full build, and new rows go into them. */
export async function validateIncrementalRun(table: CompiledTable, context: AnalysisContext): Promise<void> {
    const columns = context.catalog.columnsOf(table.target)!;
    const scope = new ScriptScope();
    await scripts("incremental pre_operations", table.incrementalPreOps, scope, context);
    const query = incrementalQuery(table);
    await inPart("incremental query", query, () => analyzeQuery(query, scope, context));
    const write = writeStatement(table, columns, query);
    await inPart("incremental write", write, () => analyzeScript(write, scope, context));
    // The write may not change the table's columns, so later actions see the full build's columns.
    context.catalog.define(table.target, columns);
    await scripts("incremental post_operations", table.incrementalPostOps, scope, context);
}

function incrementalQuery(table: CompiledTable): string {
    const base = table.incrementalQuery || table.query;
    return table.where ? `select * from (${base}) as subquery where ${table.where}` : base;
}

/** The INSERT or MERGE Dataform writes new rows with (insert_overwrite checks as the INSERT it ends in). */
function writeStatement(table: CompiledTable, columns: Column[], query: string): string {
    const target = `\`${[table.target.database, table.target.schema, table.target.name].filter(Boolean).join(".")}\``;
    const names = columns.map((column) => `\`${column.name}\``);
    const list = names.join(", ");
    const bigquery = table.bigquery ?? {};
    if (!table.uniqueKey?.length || table.incrementalStrategy === "INSERT_OVERWRITE") {
        return `insert into ${target} (${list})\nselect ${list} from (\n${query}\n)`;
    }
    const on = [
        ...table.uniqueKey.map((key) => `DATAFORM_DEST.${key} = DATAFORM_SOURCE.${key}`),
        ...(bigquery.updatePartitionFilter ? [`DATAFORM_DEST.${bigquery.updatePartitionFilter}`] : []),
        ...(bigquery.incrementalPredicates ?? []).filter((predicate) => predicate.trim() !== "").map((predicate) => `(${predicate})`),
    ].join(" and ");
    return (
        `merge ${target} DATAFORM_DEST\nusing (\n${query}\n) DATAFORM_SOURCE\non ${on}\n` +
        `when matched then update set ${names.map((name) => `${name} = DATAFORM_SOURCE.${name}`).join(", ")}\n` +
        `when not matched then insert (${list}) values (${list})`
    );
}

/** Each `---` statement is its own job; with hasOutput, a CREATE ... AS among them defines the target. */
export async function validateOperation(operation: CompiledOperation, context: AnalysisContext): Promise<void> {
    for (const [index, sql] of (operation.queries ?? []).entries()) {
        await inPart(`statement ${index + 1}`, sql, () => analyzeScript(sql, new ScriptScope(), context));
    }
    if (operation.hasOutput && !context.catalog.columnsOf(operation.target)) {
        context.catalog.markUnknown(
            operation.target,
            `operation ${describe(operation.target)} has hasOutput but no CREATE TABLE/VIEW ... AS defines its columns`,
        );
    }
}

/** The assertion's query (Dataform makes it a view and counts its rows). */
export async function validateAssertion(assertion: CompiledAssertion, context: AnalysisContext): Promise<void> {
    const columns = await inPart("query", assertion.query, () => analyzeQuery(assertion.query, new ScriptScope(), context));
    context.catalog.define(assertion.target, columns);
}

export function describe(target: CompiledTarget): string {
    return `${target.schema}.${target.name}`;
}
