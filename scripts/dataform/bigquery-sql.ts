/**
 * The statements of an action (statements.ts) as the BigQuery SQL
 * Dataform's BigQuery adapter sends (@dataform/cli 3.0.x, ExecutionSql:
 * createOrReplace, insertInto, mergeInto, insertOverwrite, assertTasks), so
 * that dry runs and review files see exactly what a `dataform run` would
 * run. Pure text: no BigQuery calls here.
 */
import { bigQueryPath } from "../engines/engine.ts";
import type { CompiledGraph, CompiledTable, CompiledTarget } from "./graph.ts";
import type { ActionKind } from "./actions.ts";
import type { Statement } from "./statements.ts";

export class BigQuerySql {
    constructor(private readonly projectConfig: CompiledGraph["projectConfig"]) {}

    /** Dataform's resolveTarget: `database.schema.name`, the project's defaults filling gaps. */
    resolveTarget(target: CompiledTarget): string {
        return bigQueryPath({
            database: target.database || this.projectConfig.defaultDatabase,
            schema: target.schema || this.projectConfig.defaultSchema || "",
            name: target.name,
        });
    }

    /**
     * The BigQuery jobs of an action's statements: a table's statements form
     * one job (Dataform joins them with `;`); each operation statement, and
     * each half of an assertion, is a job of its own. Datasets are made
     * through the API, not SQL. `tempTableId` names insert_overwrite's temp table.
     */
    jobs(kind: ActionKind, statements: Statement[], tempTableId: string): string[] {
        const sent = statements.filter((statement) => statement.kind !== "createSchema" && statement.kind !== "checkSchema");
        if (kind === "operation") return sent.map((statement) => this.statement(statement, tempTableId));
        if (kind === "assertion")
            return sent.flatMap((statement) => (statement.kind === "assert" ? this.assertionJobs(statement.target, statement.query) : []));
        return [concatenateQueries(sent.map((statement) => this.statement(statement, tempTableId)))];
    }

    /** One statement as BigQuery SQL. */
    statement(statement: Statement, tempTableId: string): string {
        switch (statement.kind) {
            case "createSchema":
                return `create schema if not exists ${this.resolveDataset(statement.target)}`;
            case "script":
                return statement.sql;
            case "drop":
                return `drop ${statement.relation} if exists ${this.resolveTarget(statement.target)}`;
            case "createTable":
                return this.createOrReplace(statement.table, "table");
            case "createView":
                return `create or replace view ${this.resolveTarget(statement.target)} as ${statement.query}`;
            case "checkSchema":
                return `select * from (${statement.query}) limit 0`;
            case "insert":
                return this.insertInto(statement.target, statement.columns, statement.query);
            case "merge":
                return this.mergeInto(statement);
            case "replacePartitions":
                return this.insertOverwrite(statement, tempTableId);
            case "assert":
                return this.assertionJobs(statement.target, statement.query).join(";\n");
        }
    }

    /** An assertion's two jobs: its view, then the row count Dataform fails on. */
    assertionJobs(target: CompiledTarget, query: string): [string, string] {
        const view = this.resolveTarget(target);
        return [`\n      create or replace view ${view} as ${query}`, `select sum(1) as row_count from ${view}`];
    }

    private resolveDataset(target: CompiledTarget): string {
        const database = target.database || this.projectConfig.defaultDatabase;
        return database ? `\`${database}.${target.schema}\`` : `\`${target.schema}\``;
    }

    private createOrReplace(table: CompiledTable, kind: "table" | "view"): string {
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
        const partition = bigquery.partitionBy ? `partition by ${bigquery.partitionBy} ` : "";
        const cluster = bigquery.clusterBy?.length ? `cluster by ${bigquery.clusterBy.join(", ")} ` : "";
        const optionList = options.length > 0 ? `OPTIONS(${options.join(",")})` : "";
        const materialized = table.materialized ? "materialized " : "";
        return `create or replace ${materialized}${kind} ${this.resolveTarget(table.target)} ${partition}${cluster}${optionList}as ${table.query}`;
    }

    private insertInto(target: CompiledTarget, columns: string[], query: string): string {
        const quoted = columns.map(quote);
        return `\t\ninsert into ${this.resolveTarget(target)}\t\n(${quoted.join(",")})\t\nselect ${quoted.join(",")}\t\nfrom (${query}) as insertions`;
    }

    private mergeInto(statement: Extract<Statement, { kind: "merge" }>): string {
        const keys = statement.uniqueKey.map((key) => `DATAFORM_DEST.${key} = DATAFORM_SOURCE.${key}`).join(" and ");
        const quoted = statement.columns.map(quote);
        return `
merge ${this.resolveTarget(statement.target)} DATAFORM_DEST
using (${statement.query}
) DATAFORM_SOURCE
on ${keys}${statement.condition ? ` and ${statement.condition}` : ""}
when matched then
  update set ${statement.columns.map((column) => `${quote(column)} = DATAFORM_SOURCE.${column}`).join(",")}
when not matched then
  insert (${quoted.join(",")}) values (${quoted.join(",")})`;
    }

    private insertOverwrite(statement: Extract<Statement, { kind: "replacePartitions" }>, tempTableId: string): string {
        const { partitionBy } = statement;
        const staging = `\`staging_table_temp_${tempTableId}\``;
        const quoted = statement.columns.map(quote);
        return `CREATE OR REPLACE TEMP TABLE ${staging} AS (
  ${statement.query}
);

BEGIN
  DECLARE partitions_for_replacement DEFAULT (
    ARRAY(
      SELECT DISTINCT ${partitionBy}
      FROM ${staging}
      WHERE ${partitionBy} IS NOT NULL
    )
  );

  MERGE ${this.resolveTarget(statement.target)} DATAFORM_DEST
  USING ${staging} DATAFORM_SOURCE
  ON FALSE
  WHEN NOT MATCHED BY SOURCE AND ${partitionBy} IN UNNEST(partitions_for_replacement)${statement.condition ? ` and ${statement.condition}` : ""}
  THEN
    DELETE
  WHEN NOT MATCHED BY TARGET THEN
    INSERT (${quoted.join(",")}) VALUES (${quoted.join(",")});
END;

DROP TABLE IF EXISTS ${staging};`;
    }
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
