/**
 * The SQL Dataform's BigQuery adapter sends for each compiled action
 * (@dataform/cli 3.0.x, ExecutionSql: publishTasks, createOrReplace, insertInto,
 * mergeInto, insertOverwrite, assertTasks), rebuilt from the compiled graph so
 * that dry runs and review files see exactly what a `dataform run` would run.
 * Pure text: no BigQuery calls here.
 */
import type { CompiledAssertion, CompiledGraph, CompiledOperation, CompiledTable, CompiledTarget } from "../dataform/graph.ts";
import { targetName } from "../dataform/graph.ts";

export type ActionKind = "table" | "view" | "incremental" | "operation" | "assertion";

/** One compiled action, ready to be built into statements. */
export interface PlannedAction {
    kind: ActionKind;
    name: string;
    target: CompiledTarget;
    disabled: boolean;
    table?: CompiledTable;
    operation?: CompiledOperation;
    assertion?: CompiledAssertion;
}

/** Every compiled action in the graph's order: tables, operations, assertions. */
export function plannedActions(graph: CompiledGraph): PlannedAction[] {
    const withName = (target: CompiledTarget) => ({ target, name: targetName(target) });
    return [
        ...(graph.tables ?? []).map((table) => ({
            ...withName(table.target),
            kind: tableKind(table),
            disabled: table.disabled === true,
            table,
        })),
        ...(graph.operations ?? []).map((operation) => ({
            ...withName(operation.target),
            kind: "operation" as const,
            disabled: operation.disabled === true,
            operation,
        })),
        ...(graph.assertions ?? []).map((assertion) => ({
            ...withName(assertion.target),
            kind: "assertion" as const,
            disabled: assertion.disabled === true,
            assertion,
        })),
    ];
}

function tableKind(table: CompiledTable): ActionKind {
    const type = table.enumType ?? table.type?.toUpperCase();
    return type === "VIEW" ? "view" : type === "INCREMENTAL" ? "incremental" : "table";
}

export class DataformSql {
    constructor(private readonly projectConfig: CompiledGraph["projectConfig"]) {}

    /** Dataform's resolveTarget: `database.schema.name`, the project's defaults filling gaps. */
    resolveTarget(target: CompiledTarget): string {
        const database = target.database || this.projectConfig.defaultDatabase;
        const schema = target.schema || this.projectConfig.defaultSchema;
        return database ? `\`${database}.${schema}.${target.name}\`` : `\`${schema}.${target.name}\``;
    }

    /** A table, view or first-run incremental: pre-ops; create or replace; post-ops, as one job. */
    createJob(table: CompiledTable): string {
        return concatenateQueries([...(table.preOps ?? []), this.createOrReplace(table), ...(table.postOps ?? [])]);
    }

    /** An incremental run over an existing table with these columns: incremental pre-ops; insert/merge; incremental post-ops. */
    incrementalJob(table: CompiledTable, columns: string[], uniqueId: string): string {
        return concatenateQueries([
            ...(table.incrementalPreOps ?? []),
            this.incrementalDml(table, columns, uniqueId),
            ...(table.incrementalPostOps ?? []),
        ]);
    }

    /** Each `---`-separated statement of an operation is its own job. */
    operationJobs(operation: CompiledOperation): string[] {
        return operation.queries ?? [];
    }

    /** An assertion's two jobs: its view, then the row count Dataform fails on. */
    assertionJobs(assertion: CompiledAssertion): [string, string] {
        const view = this.resolveTarget(assertion.target);
        return [`\n      create or replace view ${view} as ${assertion.query}`, `select sum(1) as row_count from ${view}`];
    }

    createOrReplace(table: CompiledTable): string {
        const bigquery = (table.bigquery ?? {}) as NonNullable<CompiledTable["bigquery"]> & {
            partitionExpirationDays?: number;
            additionalOptions?: Record<string, string>;
        };
        const options: string[] = [];
        if (bigquery.partitionBy && bigquery.partitionExpirationDays)
            options.push(`partition_expiration_days=${bigquery.partitionExpirationDays}`);
        if (bigquery.partitionBy && bigquery.requirePartitionFilter)
            options.push(`require_partition_filter=${bigquery.requirePartitionFilter}`);
        for (const [name, value] of Object.entries(bigquery.additionalOptions ?? {})) options.push(`${name}=${value}`);
        const kind = tableKind(table) === "view" ? "view" : "table";
        const partition = bigquery.partitionBy ? `partition by ${bigquery.partitionBy} ` : "";
        const cluster = bigquery.clusterBy?.length ? `cluster by ${bigquery.clusterBy.join(", ")} ` : "";
        const optionList = options.length > 0 ? `OPTIONS(${options.join(",")})` : "";
        return `create or replace ${table.materialized ? "materialized " : ""}${kind} ${this.resolveTarget(table.target)} ${partition}${cluster}${optionList}as ${table.query}`;
    }

    private incrementalDml(table: CompiledTable, columns: string[], uniqueId: string): string {
        const query = incrementalQuery(table);
        if (table.incrementalStrategy === "INSERT_OVERWRITE") return this.insertOverwrite(table, columns, query, uniqueId);
        if (table.uniqueKey?.length) return this.mergeInto(table, columns, query);
        const quoted = columns.map(quote);
        return `\t\ninsert into ${this.resolveTarget(table.target)}\t\n(${quoted.join(",")})\t\nselect ${quoted.join(",")}\t\nfrom (${query}) as insertions`;
    }

    private mergeInto(table: CompiledTable, columns: string[], query: string): string {
        const bigquery = table.bigquery ?? {};
        const keys = (table.uniqueKey ?? []).map((key) => `DATAFORM_DEST.${key} = DATAFORM_SOURCE.${key}`).join(" and ");
        const partitionFilter = bigquery.updatePartitionFilter ? `and DATAFORM_DEST.${bigquery.updatePartitionFilter}` : "";
        const predicates = incrementalPredicates(bigquery.incrementalPredicates);
        const quoted = columns.map(quote);
        return `
merge ${this.resolveTarget(table.target)} DATAFORM_DEST
using (${query}
) DATAFORM_SOURCE
on ${keys} ${partitionFilter}
${predicates ? ` ${predicates}` : ""}
when matched then
  update set ${columns.map((column) => `${quote(column)} = DATAFORM_SOURCE.${column}`).join(",")}
when not matched then
  insert (${quoted.join(",")}) values (${quoted.join(",")})`;
    }

    private insertOverwrite(table: CompiledTable, columns: string[], query: string, uniqueId: string): string {
        const bigquery = table.bigquery ?? {};
        const partitionBy = bigquery.partitionBy;
        if (!partitionBy) throw new Error(`${targetName(table.target)}: incrementalStrategy insert_overwrite needs bigquery.partitionBy`);
        const staging = `\`staging_table_temp_${uniqueId}\``;
        const partitionFilter = bigquery.updatePartitionFilter ? `and DATAFORM_DEST.${bigquery.updatePartitionFilter}` : "";
        const predicates = incrementalPredicates(bigquery.incrementalPredicates);
        const quoted = columns.map(quote);
        return `CREATE OR REPLACE TEMP TABLE ${staging} AS (
  ${query}
);

BEGIN
  DECLARE partitions_for_replacement DEFAULT (
    ARRAY(
      SELECT DISTINCT ${partitionBy}
      FROM ${staging}
      WHERE ${partitionBy} IS NOT NULL
    )
  );

  MERGE ${this.resolveTarget(table.target)} DATAFORM_DEST
  USING ${staging} DATAFORM_SOURCE
  ON FALSE
  WHEN NOT MATCHED BY SOURCE AND ${partitionBy} IN UNNEST(partitions_for_replacement) ${partitionFilter}
  ${predicates ? ` ${predicates}` : ""}
  THEN
    DELETE
  WHEN NOT MATCHED BY TARGET THEN
    INSERT (${quoted.join(",")}) VALUES (${quoted.join(",")});
END;

DROP TABLE IF EXISTS ${staging};`;
    }
}

/** Dataform's getIncrementalQuery: the incremental query (or the query), filtered by `where` when set. */
function incrementalQuery(table: CompiledTable): string {
    const query = table.incrementalQuery || table.query;
    return table.where ? `\n  select * from (${query}) as subquery\n    where ${table.where}` : query;
}

function incrementalPredicates(predicates: string[] | undefined): string {
    const valid = (predicates ?? []).filter((predicate) => predicate.trim() !== "");
    return valid.length ? `and ${valid.map((predicate) => `(${predicate})`).join(" and ")}` : "";
}

function quote(column: string): string {
    return `\`${column}\``;
}

/**
 * Dataform's concatenateQueries: statements trimmed, empty ones dropped, each
 * but the last ended with `;` (before a trailing `--` comment on its last line).
 */
export function concatenateQueries(statements: string[]): string {
    const kept = statements.map((statement) => statement.trim()).filter((statement) => statement.length > 0);
    return kept.map((statement, index) => terminate(statement, index === kept.length - 1)).join("\n");
}

function terminate(statement: string, isLast: boolean): string {
    const lastLineStart = statement.lastIndexOf("\n") + 1;
    const commentAt = statement.indexOf("--", lastLineStart);
    let code = commentAt === 0 ? "" : commentAt > 0 ? statement.slice(0, commentAt).trimEnd() : statement;
    const comment = commentAt >= 0 ? statement.slice(commentAt) : "";
    if (!isLast && code.length > 0 && !code.endsWith(";")) code += ";";
    return code.length > 0 && comment.length > 0 ? `${code} ${comment}` : code || comment;
}
