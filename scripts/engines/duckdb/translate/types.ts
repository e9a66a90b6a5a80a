import { duckdbTypeFor } from "../types.ts";
import { isObject, type JsonObject } from "./ast.ts";
import { UnsupportedSqlError } from "../../errors.ts";

/**
 * polyglot's data type nodes ({data_type: "custom", name: "int64"}, {data_type:
 * "array", element_type}) back to GoogleSQL spelling, and to DuckDB types.
 */
const simpleNames: Record<string, string> = {
    string: "STRING",
    text: "STRING",
    varchar: "STRING",
    int: "INT64",
    integer: "INT64",
    bigint: "INT64",
    smallint: "INT64",
    tinyint: "INT64",
    byteint: "INT64",
    int64: "INT64",
    float64: "FLOAT64",
    double: "FLOAT64",
    decimal: "NUMERIC",
    numeric: "NUMERIC",
    boolean: "BOOL",
    bool: "BOOL",
    date: "DATE",
    datetime: "DATETIME",
    timestamp: "TIMESTAMP",
    time: "TIME",
    json: "JSON",
    bytes: "BYTES",
};

export function isDataType(object: JsonObject): boolean {
    return typeof object.data_type === "string";
}

/** The GoogleSQL spelling of a polyglot data type node. */
export function bigQueryTypeOf(node: JsonObject): string {
    const kind = String(node.data_type).toLowerCase();
    if (kind === "array" && isObject(node.element_type)) return `ARRAY<${bigQueryTypeOf(node.element_type)}>`;
    if (kind === "struct" && Array.isArray(node.fields)) {
        const fields = node.fields.map((field) => {
            const { name, data_type } = field as JsonObject;
            return `\`${String(name)}\` ${bigQueryTypeOf(data_type as JsonObject)}`;
        });
        return `STRUCT<${fields.join(", ")}>`;
    }
    const name = kind === "custom" ? String(node.name).toLowerCase() : kind;
    if (name === "bignumeric" || name === "bigdecimal") throw new UnsupportedSqlError("BIGNUMERIC");
    const type = simpleNames[name];
    if (!type) throw new UnsupportedSqlError(`type ${String(node.name ?? node.data_type)}`);
    if (type === "NUMERIC" && node.precision != null) return `NUMERIC(${node.precision}, ${node.scale ?? 0})`;
    return type;
}

/** A DuckDB data type node for the BigQuery type. */
export function duckdbTypeNode(bigQueryType: string): JsonObject {
    const parameterized = /^NUMERIC\((\d+), (\d+)\)$/.exec(bigQueryType);
    const name = parameterized ? `DECIMAL(${parameterized[1]},${parameterized[2]})` : duckdbTypeFor(bigQueryType);
    return { data_type: "custom", name };
}
