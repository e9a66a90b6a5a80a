import {
    DuckDBBlobValue,
    DuckDBListLogicalType,
    DuckDBListValue,
    DuckDBStructLogicalType,
    DuckDBStructValue,
    type DuckDBConnection,
    type DuckDBLogicalType,
    type DuckDBValue,
    type Json,
} from "@duckdb/node-api";
import { canonicalDecimal, canonicalJson, canonicalTimestamp, type Column, type QueryResult, type Row, type SqlValue } from "../values.ts";
import { quoteIdentifier, sqlText } from "./naming.ts";
import { bigQueryTypeFor, duckdbTypeFor, splitTopLevel } from "./types.ts";

export { bigQueryTypeFor, duckdbTypeFor } from "./types.ts";

/**
 * Reading DuckDB results as canonical rows (scripts/engines/values.ts) and
 * writing canonical rows back as DuckDB literals.
 */

/** A result column's type as a tree, keeping DuckDB's JSON alias that plain types lose. */
type Shape =
    | { kind: "scalar"; duckdbType: string; bigQueryType: string }
    | { kind: "list"; element: Shape; bigQueryType: string }
    | { kind: "struct"; fields: { name: string; shape: Shape }[]; bigQueryType: string };

function shapeOf(type: DuckDBLogicalType): Shape {
    if (type instanceof DuckDBListLogicalType) {
        const element = shapeOf(type.valueType);
        return { kind: "list", element, bigQueryType: `ARRAY<${element.bigQueryType}>` };
    }
    if (type instanceof DuckDBStructLogicalType) {
        const fields = type.entryNames().map((name, index) => ({ name, shape: shapeOf(type.entryLogicalType(index)) }));
        const spelled = fields.map((field) => `${field.name} ${field.shape.bigQueryType}`).join(", ");
        return { kind: "struct", fields, bigQueryType: `STRUCT<${spelled}>` };
    }
    const duckdbType = type.alias === "JSON" ? "JSON" : type.asType().toString();
    return { kind: "scalar", duckdbType, bigQueryType: bigQueryTypeFor(duckdbType) };
}

const pad = (fraction: string | undefined) => (fraction ?? "").padEnd(6, "0").slice(0, 6);

/** One scalar from getRowsJson's exact text to its canonical form. */
function canonicalScalar(value: Json, bigQueryType: string, typed: DuckDBValue): SqlValue {
    switch (bigQueryType) {
        case "INT64": {
            // DuckDB sums integers into 128 bits; BigQuery's INT64 overflows.
            const integer = BigInt(String(value));
            if (integer > 9223372036854775807n || integer < -9223372036854775808n) throw new Error(`int64 overflow: ${String(value)}`);
            return String(value);
        }
        case "FLOAT64":
            return typeof value === "number" ? value : Number(value);
        case "NUMERIC":
            return canonicalDecimal(String(value));
        case "JSON":
            return canonicalJson(String(value));
        case "BYTES":
            return Buffer.from((typed as DuckDBBlobValue).bytes).toString("base64");
        case "TIMESTAMP":
            return canonicalTimestamp(String(value));
        case "DATETIME": {
            const [date, time] = String(value).split(" ");
            const [clock, fraction] = (time ?? "00:00:00").split(".");
            return `${date}T${clock}.${pad(fraction)}`;
        }
        case "TIME": {
            const [clock, fraction] = String(value).split(".");
            return `${clock}.${pad(fraction)}`;
        }
        default:
            return value as SqlValue;
    }
}

function canonical(value: Json, shape: Shape, typed: DuckDBValue): SqlValue {
    // BigQuery has no NULL arrays in results or tables: they come out empty.
    if (value === null) return shape.kind === "list" ? [] : null;
    if (shape.kind === "list") {
        // As BigQuery refuses to return or store an array holding NULL.
        if ((value as Json[]).includes(null)) throw new Error("Array cannot have a null element; a query result holds one");
        const items = (typed as DuckDBListValue | null)?.items ?? [];
        return (value as Json[]).map((item, index) => canonical(item, shape.element, items[index] ?? null));
    }
    if (shape.kind === "struct") {
        const entries = (typed as DuckDBStructValue | null)?.entries ?? {};
        const object = value as Record<string, Json>;
        return Object.fromEntries(
            shape.fields.map((field) => [field.name, canonical(object[field.name], field.shape, entries[field.name] ?? null)]),
        );
    }
    return canonicalScalar(value, shape.bigQueryType, typed);
}

/** Runs DuckDB SQL (session in UTC) and returns BigQuery-typed columns and canonical rows. */
export async function readRows(connection: DuckDBConnection, duckdbSql: string): Promise<QueryResult> {
    await connection.run("SET TimeZone='UTC'");
    const reader = await connection.runAndReadAll(duckdbSql);
    const names = reader.columnNames();
    const shapes = names.map((_, index) => shapeOf(reader.columnLogicalType(index)));
    const jsonRows = reader.getRowsJson();
    // Typed values are needed only for BYTES, whose JSON text is ambiguous.
    const typedRows = shapes.some((shape) => shape.bigQueryType.includes("BYTES")) ? reader.getRows() : undefined;
    const rows = jsonRows.map((values, rowIndex): Row => {
        const typed = typedRows?.[rowIndex];
        return Object.fromEntries(names.map((name, index) => [name, canonical(values[index], shapes[index], typed?.[index] ?? null)]));
    });
    return { columns: names.map((name, index) => ({ name, type: shapes[index].bigQueryType })), rows };
}

/** A canonical value as a DuckDB literal of the DuckDB type for `bigQueryType`. */
export function toDuckDbLiteral(value: SqlValue, bigQueryType: string): string {
    const duckdbType = duckdbTypeFor(bigQueryType);
    if (value === null) return `CAST(NULL AS ${duckdbType})`;
    const upper = bigQueryType.trim().toUpperCase();
    if (upper.startsWith("ARRAY<")) {
        const elementType = bigQueryType.slice(bigQueryType.indexOf("<") + 1, bigQueryType.lastIndexOf(">"));
        const items = (value as SqlValue[]).map((item) => toDuckDbLiteral(item, elementType));
        return `CAST([${items.join(", ")}] AS ${duckdbType})`;
    }
    if (upper.startsWith("STRUCT<")) {
        const fields = splitTopLevel(bigQueryType.slice(bigQueryType.indexOf("<") + 1, bigQueryType.lastIndexOf(">")));
        const entries = fields.map((field) => {
            const [, name, type] = /^\s*`?([^`\s]+)`?\s+(.+)$/s.exec(field)!;
            return `${sqlText(name)}: ${toDuckDbLiteral((value as Record<string, SqlValue>)[name] ?? null, type)}`;
        });
        return `CAST({${entries.join(", ")}} AS ${duckdbType})`;
    }
    if (upper === "BOOL") return value ? "true" : "false";
    if (upper === "BYTES") return `from_base64(${sqlText(String(value))})`;
    if (Object.is(value, -0)) return `CAST('-0.0' AS DOUBLE)`;
    return `CAST(${sqlText(String(value))} AS ${duckdbType})`;
}

/** `SELECT ... FROM (VALUES ...)` producing the rows with the columns' DuckDB types. */
export function valuesQuery(columns: Column[], rows: Row[]): string {
    const names = columns.map((column) => quoteIdentifier(column.name)).join(", ");
    if (rows.length === 0) {
        const nulls = columns.map((column) => `${toDuckDbLiteral(null, column.type)} AS ${quoteIdentifier(column.name)}`);
        return `SELECT ${nulls.join(", ")} WHERE false`;
    }
    const tuples = rows.map((row) => `(${columns.map((column) => toDuckDbLiteral(row[column.name] ?? null, column.type)).join(", ")})`);
    return `SELECT * FROM (VALUES ${tuples.join(",\n")}) AS v(${names})`;
}
