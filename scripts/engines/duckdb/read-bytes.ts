/**
 * The bytes BigQuery would bill for what a profiled run read, estimated. On demand, BigQuery bills the
 * logical bytes of each column a query reads, in the partitions it reads, once per query however often the
 * query reads it. The profile (profile.ts) gives, for each statement, each column's rows read (row groups
 * skipped stand in for partitions pruned); a column's logical size per row is its average over the table as
 * it is now. Logical sizes per value: 8 bytes an INT64, FLOAT64, DATE, DATETIME, TIME or TIMESTAMP; 1 a BOOL;
 * 16 a NUMERIC or an INTERVAL; 2 plus its length a STRING (UTF-8) or BYTES; a JSON value the UTF-8 bytes of its
 * text; an ARRAY or a STRUCT the sizes of what it holds; NULL nothing (docs/incremental.md, Cost on BigQuery).
 * Left out: the whole partitions a DELETE, UPDATE or MERGE modifies, which BigQuery bills besides the query.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { TableRead, Target } from "../engine.ts";
import type { Column } from "../values.ts";
import { duckdbName, quoteIdentifier } from "./naming.ts";
import { splitTopLevel } from "./types.ts";

/** A table's columns with their BigQuery types; none for a table that does not exist. */
type ColumnsOf = (target: Target) => Promise<Column[]>;

const FIXED_SIZE: Record<string, number> = {
    INT64: 8,
    FLOAT64: 8,
    DATE: 8,
    DATETIME: 8,
    TIME: 8,
    TIMESTAMP: 8,
    BOOL: 1,
    NUMERIC: 16,
    INTERVAL: 16,
};

/** DuckDB SQL for the logical size of `value`, of this BigQuery type, 0 for NULL. */
export function logicalSizeSql(value: string, type: string, depth = 0): string {
    if (type.startsWith("ARRAY<")) {
        const element = `__element${depth}`;
        return `coalesce(list_sum(list_transform(${value}, ${element} -> ${logicalSizeSql(element, type.slice(6, -1), depth + 1)})), 0)`;
    }
    if (type.startsWith("STRUCT<")) {
        const fields = splitTopLevel(type.slice(7, -1)).map((field) => {
            const [, name, fieldType] = /^\s*(\S+)\s+(.+)$/s.exec(field)!;
            return logicalSizeSql(`${value}.${quoteIdentifier(name!)}`, fieldType!.trim(), depth);
        });
        return `CASE WHEN ${value} IS NULL THEN 0 ELSE ${fields.join(" + ") || "0"} END`;
    }
    if (type in FIXED_SIZE) return `CASE WHEN ${value} IS NULL THEN 0 ELSE ${FIXED_SIZE[type]} END`;
    if (type === "STRING") return `coalesce(2 + strlen(${value}), 0)`;
    if (type === "BYTES") return `coalesce(2 + octet_length(${value}), 0)`;
    if (type === "JSON") return `coalesce(strlen(CAST(${value} AS VARCHAR)), 0)`;
    throw new Error(`no BigQuery logical size for type ${type}`);
}

/** Each column's average logical bytes per row in a table (dataset.name); undefined for a table not in the warehouse. */
async function columnSizes(connection: DuckDBConnection, columnsOf: ColumnsOf, table: string): Promise<Map<string, number> | undefined> {
    const parts = table.split(".");
    if (parts.length !== 2) return undefined;
    const target = { schema: parts[0]!, name: parts[1]! };
    const columns = await columnsOf(target);
    if (columns.length === 0) return undefined;
    const sums = columns.map(({ name, type }) => `sum(${logicalSizeSql(quoteIdentifier(name), type)})::double`);
    const reader = await connection.runAndReadAll(`select count(*)::double, ${sums.join(", ")} from ${duckdbName(target)}`);
    const [rows, ...bytes] = reader.getRows()[0]!.map(Number);
    return new Map(columns.map(({ name }, index) => [name, rows! > 0 ? bytes[index]! / rows! : 0]));
}

/**
 * Sets each read's `bytes` from its rows per column and the sizes of the table's columns now, and drops from its
 * columns the words of filters that name none (functions, keywords).
 */
export async function estimateReadBytes(connection: DuckDBConnection, columnsOf: ColumnsOf, reads: TableRead[]): Promise<void> {
    const sizes = new Map<string, Map<string, number> | undefined>();
    for (const read of reads) {
        if (!sizes.has(read.table)) sizes.set(read.table, await columnSizes(connection, columnsOf, read.table));
        const columnSize = sizes.get(read.table);
        if (!columnSize) continue;
        read.columns = Object.fromEntries(Object.entries(read.columns).filter(([column]) => columnSize.has(column)));
        read.bytes = Math.round(Object.entries(read.columns).reduce((sum, [column, rows]) => sum + rows * columnSize.get(column)!, 0));
    }
}
