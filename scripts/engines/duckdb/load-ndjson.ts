/**
 * Loads NDJSON files (BigQuery's newline-delimited JSON) into tables with BigQuery's load-job
 * semantics, inside DuckDB so that millions of rows never pass through JavaScript:
 *
 * - every line is checked against the table's columns as a load job checks it: a line that is not
 *   a JSON object, a field the table does not have (unless ignoreUnknownValues), a value its column's
 *   type cannot hold; each such line is a bad record, named by file, 1-based line and field;
 * - a file with more than maxBadRecords bad records fails; one within the limit is loaded without them;
 * - all files of one call are one transaction (with the ledger rows): they are all loaded, or the
 *   warehouse is left exactly as it was. replace (WRITE_TRUNCATE) replaces a table's rows only then.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Target } from "../engine.ts";
import { fileLine, type NdjsonScan } from "../ndjson-scan.ts";
import type { Column } from "../values.ts";
import { duckdbName, quoteIdentifier, sqlText, WAREHOUSE_CATALOG } from "./naming.ts";
import { duckdbTypeFor } from "./read.ts";

/** One file and the table it goes to. */
export interface NdjsonFile {
    target: Target;
    columns: Column[];
    scan: NdjsonScan;
    /** A column to store rows in order of, as a partitioned table groups them. */
    orderBy?: string;
}

export interface NdjsonLoad {
    /** WRITE_TRUNCATE (true) or WRITE_APPEND. */
    replace: boolean;
    /** Bad records a file may have and still load without them (bq --max_bad_records); default 0. */
    maxBadRecords?: number;
    /** Fields the table does not have are dropped instead of making the record bad (bq --ignore_unknown_values). */
    ignoreUnknownValues?: boolean;
    /** A table that records each loaded file (created when missing), written in the same transaction. */
    ledger?: Target;
    /** While a file is checked and loaded: the share of DuckDB's work done, 0 to 1. */
    onProgress?: (file: NdjsonFile, done: number) => void;
}

/** A line the load did not take, and why. */
export interface BadRecord {
    file: string;
    line: number;
    field?: string;
    message: string;
}

export interface LoadedFile {
    file: NdjsonFile;
    rows: number;
    /** Bad records left out (at most maxBadRecords). */
    skipped: BadRecord[];
    /** Reading, checking and inserting the file (the commit comes after). */
    seconds: number;
}

/** A load that changed nothing: a file over its bad-record limit, or a file DuckDB could not read. */
export class NdjsonLoadError extends Error {
    constructor(
        message: string,
        readonly badRecords: BadRecord[] = [],
    ) {
        super(message);
    }
}

/** The ledger's columns: one row per loaded file. */
export const LEDGER_COLUMNS: Column[] = [
    { name: "table_name", type: "STRING" },
    { name: "file", type: "STRING" },
    { name: "bytes", type: "INT64" },
    { name: "sha256", type: "STRING" },
    { name: "rows", type: "INT64" },
    { name: "skipped_records", type: "INT64" },
    { name: "replaced", type: "BOOL" },
    { name: "loaded_at", type: "TIMESTAMP" },
];

const SHOWN_PROBLEMS = 5;

/**
 * SQL TRUE when a JSON value (`kind` its json_type, `text` its text) does not fit the column's type
 * as a BigQuery load reads it: a STRING takes any scalar, an INT64 whole numbers (quoted or not),
 * a NUMERIC numbers, TIMESTAMP and DATE strings.
 */
function misfitSql(column: Column, kind: string, text: string): string {
    switch (column.type.toUpperCase()) {
        case "STRING":
            return `${kind} in ('OBJECT', 'ARRAY')`;
        case "INT64":
            return `not (${kind} = 'BIGINT' or (${kind} = 'UBIGINT' and try_cast(${text} as BIGINT) is not null)
                or (${kind} = 'VARCHAR' and regexp_full_match(${text}, '[+-]?[0-9]+') and try_cast(${text} as BIGINT) is not null))`;
        case "NUMERIC":
            return `not (${kind} in ('BIGINT', 'UBIGINT', 'DOUBLE', 'VARCHAR') and try_cast(${text} as ${duckdbTypeFor("NUMERIC")}) is not null)`;
        case "TIMESTAMP":
            return `not (${kind} = 'VARCHAR' and try_cast(${timestampText(text)} as TIMESTAMPTZ) is not null)`;
        case "DATE":
            return `not (${kind} = 'VARCHAR' and regexp_full_match(${text}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') and try_cast(${text} as DATE) is not null)`;
        default:
            throw new Error(`NDJSON load: no check for columns of type ${column.type} (${column.name})`);
    }
}

/** BigQuery takes a TIMESTAMP's date as YYYY-MM-DD or YYYY/MM/DD. */
function timestampText(text: string): string {
    return `regexp_replace(${text}, '^([0-9]{4})/([0-9]{2})/([0-9]{2})', '\\1-\\2-\\3')`;
}

/** The i-th column's value of a line of the lines table: its text (`t`) and its json_type (`k`). */
const textOf = (index: number) => `t[${index + 1}]`;
const kindOf = (index: number) => `k[${index + 1}]`;

/** The value of a column from a checked line, typed. */
function valueSql(column: Column, index: number): string {
    const text = column.type.toUpperCase() === "TIMESTAMP" ? timestampText(textOf(index)) : textOf(index);
    return `cast(${text} as ${duckdbTypeFor(column.type)}) as ${quoteIdentifier(column.name)}`;
}

/**
 * SQL: the file's lines that are not blank, in order, numbered from 1 (n), each JSON document
 * read once per list: its json_type (NULL when it is not JSON), its keys, and the text (t) and
 * json_type (k) of each column's value.
 */
function linesSql(file: NdjsonFile): string {
    const paths = `[${file.columns.map((column) => sqlText(`$."${column.name}"`)).join(", ")}]`;
    return `select row_number() over () as n, json_type(json) as kind, json_keys(json) as keys,
                   json_extract_string(json, ${paths}) as t, json_type(json, ${paths}) as k
            from read_ndjson_objects(${sqlText(file.scan.path)}, ignore_errors = true, maximum_object_size = 16777216)`;
}

/** SQL: one row (n, field, message) per problem of each line of `lines`. */
function problemsSql(file: NdjsonFile, lines: string, ignoreUnknownValues: boolean): string {
    const known = file.columns.map((column) => sqlText(column.name)).join(", ");
    const objects = `(select * from ${lines} where kind = 'OBJECT')`;
    const parts = [
        `select n, null as field, 'not valid JSON' as message from ${lines} where kind is null`,
        `select n, null, 'not a JSON object but ' || lower(kind) from ${lines} where kind != 'OBJECT'`,
        ...(ignoreUnknownValues
            ? []
            : [
                  `select n, key, 'no such field in ${file.target.schema}.${file.target.name}' from (select n, unnest(keys) as key from ${objects}) where key not in (${known})`,
              ]),
        ...file.columns.map(
            (column, index) =>
                `select n, ${sqlText(column.name)}, 'not ${/^[AEIOU]/.test(column.type) ? "an" : "a"} ${column.type}: ' || if(${kindOf(index)} = 'VARCHAR', to_json(${textOf(index)})::varchar, ${textOf(index)}) from ${objects}
                 where coalesce(${kindOf(index)}, 'NULL') != 'NULL' and (${misfitSql(column, kindOf(index), textOf(index))})`,
        ),
    ];
    return parts.join("\nunion all\n");
}

/** Loads every file, or nothing: one transaction. Throws NdjsonLoadError (the warehouse unchanged) when a file cannot be loaded. */
export async function loadNdjsonFiles(connection: DuckDBConnection, files: NdjsonFile[], load: NdjsonLoad): Promise<LoadedFile[]> {
    const maxBadRecords = load.maxBadRecords ?? 0;
    await connection.run("set enable_progress_bar = true; set enable_progress_bar_print = false");
    await connection.run("begin transaction");
    try {
        const loaded: LoadedFile[] = [];
        for (const file of files) loaded.push(await loadFile(connection, file, load, maxBadRecords));
        if (load.ledger) await writeLedger(connection, load.ledger, loaded, load.replace);
        await connection.run("commit");
        return loaded;
    } catch (error) {
        await connection.run("rollback");
        throw error;
    } finally {
        await connection.run("drop table if exists temp.ndjson_lines; drop table if exists temp.ndjson_problems");
    }
}

async function loadFile(connection: DuckDBConnection, file: NdjsonFile, load: NdjsonLoad, maxBadRecords: number): Promise<LoadedFile> {
    const started = performance.now();
    const { path } = file.scan;
    const name = duckdbName(file.target);
    const definition = file.columns.map((column) => `${quoteIdentifier(column.name)} ${duckdbTypeFor(column.type)}`).join(", ");
    await createSchema(connection, file.target);
    await connection.run(`create ${load.replace ? "or replace table" : "table if not exists"} ${name} (${definition})`);

    const progress = setInterval(() => load.onProgress?.(file, Math.max(0, connection.progress.percentage) / 100), 250).unref();
    try {
        // one row per line that is not blank, in file order; a line DuckDB cannot read as JSON has no kind
        await withFileError(path, () => connection.run(`create or replace temp table ndjson_lines as ${linesSql(file)}`));
        await connection.run(
            `create or replace temp table ndjson_problems as ${problemsSql(file, "temp.ndjson_lines", load.ignoreUnknownValues === true)}`,
        );
        const bad = Number((await connection.runAndReadAll("select count(distinct n) from temp.ndjson_problems")).getRows()[0]![0]);
        const shown = await badRecords(connection, file, bad > maxBadRecords ? SHOWN_PROBLEMS : maxBadRecords);
        if (bad > maxBadRecords) {
            const first = shown.map((record) => `\n  ${describe(record)}`).join("");
            throw new NdjsonLoadError(
                `${path}: ${bad} bad record${bad === 1 ? "" : "s"}, more than the ${maxBadRecords} allowed; the load changed nothing${first}`,
                shown,
            );
        }
        const order = file.orderBy ? `order by ${quoteIdentifier(file.orderBy)}` : "";
        const result = await connection.run(
            `insert into ${name} select ${file.columns.map(valueSql).join(", ")}
             from temp.ndjson_lines where n not in (select n from temp.ndjson_problems) ${order}`,
        );
        load.onProgress?.(file, 1);
        return { file, rows: Number(result.rowsChanged), skipped: shown, seconds: (performance.now() - started) / 1000 };
    } finally {
        clearInterval(progress);
    }
}

/** The first bad records of the file, by line: each line's first problem. */
async function badRecords(connection: DuckDBConnection, file: NdjsonFile, limit: number): Promise<BadRecord[]> {
    if (limit === 0) return [];
    const reader = await connection.runAndReadAll(
        `select n, arg_min(field, coalesce(field, '')), arg_min(message, coalesce(field, '')) from temp.ndjson_problems group by n order by n limit ${limit}`,
    );
    return reader.getRows().map(([n, field, message]) => ({
        file: file.scan.path,
        line: fileLine(Number(n), file.scan.blankLines),
        ...(field === null ? {} : { field: String(field) }),
        message: String(message),
    }));
}

export function describe(record: BadRecord): string {
    return `${record.file}:${record.line}${record.field ? ` field ${record.field}` : ""}: ${record.message}`;
}

/** DuckDB's error for a file it cannot read at all (not UTF-8, a line beyond 16 MiB), as the user's. */
async function withFileError<T>(path: string, work: () => Promise<T>): Promise<T> {
    try {
        return await work();
    } catch (error) {
        throw new NdjsonLoadError(`${path}: cannot be read as newline-delimited JSON in UTF-8: ${(error as Error).message.split("\n")[0]}`);
    }
}

async function writeLedger(connection: DuckDBConnection, ledger: Target, loaded: LoadedFile[], replaced: boolean): Promise<void> {
    const name = duckdbName(ledger);
    const definition = LEDGER_COLUMNS.map((column) => `${quoteIdentifier(column.name)} ${duckdbTypeFor(column.type)}`).join(", ");
    await createSchema(connection, ledger);
    await connection.run(`create table if not exists ${name} (${definition})`);
    for (const { file, rows, skipped } of loaded) {
        const table = `${file.target.schema}.${file.target.name}`;
        // a replaced table holds only this file's rows: the files loaded into it before are gone
        if (replaced) await connection.run(`delete from ${name} where table_name = ${sqlText(table)}`);
        await connection.run(
            `insert into ${name} values (${sqlText(table)}, ${sqlText(file.scan.path)}, ${file.scan.bytes}, ${sqlText(file.scan.sha256)}, ${rows}, ${skipped.length}, ${replaced}, current_timestamp)`,
        );
    }
}

async function createSchema(connection: DuckDBConnection, target: Target): Promise<void> {
    await connection.run(`create schema if not exists ${WAREHOUSE_CATALOG}.${quoteIdentifier(target.schema)}`);
}
