/**
 * `bq sql`: every compiled action's SQL, as Dataform would send it, formatted
 * one file per action (and per incremental variant) so pull requests show
 * what a change does to the SQL BigQuery runs. Needs no credentials.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { format, type FormatOptionsWithLanguage } from "sql-formatter";
import { graphActions, type Action } from "./actions.ts";
import { BigQuerySql, concatenateQueries } from "./bigquery-sql.ts";
import type { CompiledGraph, CompiledTable } from "./graph.ts";
import { actionStatements, incrementalStatements } from "./statements.ts";

export const FORMAT_OPTIONS: FormatOptionsWithLanguage = { language: "bigquery", tabWidth: 4, keywordCase: "lower" };

/** A fixed name for insert_overwrite's temp table, so files only change when the SQL does. */
const TEMP_TABLE_ID = "review";

export const PLACEHOLDER_COLUMN = "existing_table_columns";

export interface ReviewFile {
    /** Relative to the output folder: <dataset>/<name>.sql, <dataset>/<name>.incremental.sql. */
    path: string;
    action: string;
    sql: string;
}

/** sql-formatter's BigQuery output; SQL it cannot parse is kept as compiled, with a comment saying so. */
export function formatSql(sql: string): string {
    try {
        return `${format(sql, FORMAT_OPTIONS)}\n`;
    } catch (error) {
        return `-- sql-formatter could not parse this; shown as compiled. ${(error as Error).message.split("\n")[0]}\n${sql.trim()}\n`;
    }
}

export function reviewFiles(graph: CompiledGraph): ReviewFile[] {
    const sql = new BigQuerySql(graph.projectConfig);
    return graphActions(graph).flatMap((action) => actionFiles(sql, action));
}

export function writeReviewFiles(graph: CompiledGraph, outDir: string): ReviewFile[] {
    const files = reviewFiles(graph);
    for (const file of files) {
        const path = join(outDir, file.path);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, file.sql);
    }
    return files;
}

function actionFiles(sql: BigQuerySql, action: Action): ReviewFile[] {
    const base = `${action.target.schema}/${action.target.name}`;
    const header = action.disabled ? "-- disabled: Dataform skips this action\n" : "";
    const file = (suffix: string, text: string) => ({ path: `${base}${suffix}.sql`, action: action.name, sql: header + text });
    const full = sql.jobs(action.kind, actionStatements(action, undefined).statements, TEMP_TABLE_ID);
    const files = [file("", formatSql(concatenateQueries(full)))];
    if (action.kind === "incremental") files.push(file(".incremental", incrementalSql(sql, action.table)));
    return files;
}

/**
 * Dataform's insert/merge lists the existing table's columns, known only at
 * run time. Offline, the action's documented columns stand in for them; with
 * none documented, one placeholder column keeps the statement's shape.
 */
function incrementalSql(sql: BigQuerySql, table: CompiledTable): string {
    const documented = documentedColumns(table);
    const note =
        documented.length > 0
            ? "-- Columns as documented; Dataform lists the existing table's columns at run time.\n"
            : `-- ${PLACEHOLDER_COLUMN} stands for the existing table's columns, which Dataform lists at run time.\n`;
    const columns = documented.length > 0 ? documented : [PLACEHOLDER_COLUMN];
    return note + formatSql(concatenateQueries(sql.jobs("incremental", incrementalStatements(table, columns), TEMP_TABLE_ID)));
}

function documentedColumns(table: CompiledTable): string[] {
    const descriptor = (table as CompiledTable & { actionDescriptor?: { columns?: { path: string[] }[] } }).actionDescriptor;
    return (descriptor?.columns ?? []).filter((column) => column.path.length === 1).map((column) => column.path[0]);
}
