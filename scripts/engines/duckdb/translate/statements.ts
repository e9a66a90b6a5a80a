import { WAREHOUSE_CATALOG } from "../naming.ts";
import { isObject, type Json, type JsonObject } from "./ast.ts";
import { bigQueryTypeOf, duckdbTypeNode } from "./types.ts";

/** `CREATE TABLE t (a INT64, ...)`: column types mapped like CAST targets. */
export function columnDefinition(object: JsonObject): JsonObject {
    if (!(isObject(object.name) && isObject(object.data_type) && "constraints" in object)) return object;
    return { ...object, data_type: duckdbTypeNode(bigQueryTypeOf(object.data_type)) };
}

/** `CREATE SCHEMA [project.]dataset`: the dataset becomes a schema of the warehouse catalog. */
export function createSchema(data: JsonObject): Json {
    const parts = Array.isArray(data.name) ? data.name : [];
    const dataset = parts[parts.length - 1] as JsonObject;
    const quoted = (name: string) => ({ name, quoted: true, trailing_comments: [] });
    return { create_schema: { ...data, name: [quoted(WAREHOUSE_CATALOG), quoted(String(dataset.name))] } };
}
