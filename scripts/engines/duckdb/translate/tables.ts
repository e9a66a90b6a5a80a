import { duckdbPath } from "../naming.ts";
import { isObject, type Json, type JsonObject } from "./ast.ts";

/**
 * BigQuery table paths (`p.d.t`, `d.t`, p.d.t, d.t) become DuckDB's
 * "dwh"."d"."t" (see ../naming.ts). A one-part name is a CTE (or a DuckDB
 * temp table) and is kept.
 */

/** A table reference as polyglot shapes it: name, schema and catalog identifiers. */
function isTableReference(object: JsonObject): boolean {
    return "schema" in object && "catalog" in object && isIdentifier(object.name);
}

function isIdentifier(value: Json | undefined): value is JsonObject {
    return isObject(value) && typeof value.name === "string" && "quoted" in value;
}

function pathOf(reference: JsonObject): string[] {
    return [reference.catalog, reference.schema, reference.name].filter(isIdentifier).map((identifier) => identifier.name as string);
}

function identifier(name: string): JsonObject {
    return { name, quoted: true, trailing_comments: [] };
}

/** Rewrites a table reference in place of `object`; other objects pass through. */
export function mapTableReference(object: JsonObject): JsonObject {
    if (!isTableReference(object)) return object;
    const path = pathOf(object);
    if (path.length === 1 && !path[0].includes(".")) return object;
    const { catalog, schema, name } = duckdbPath(path);
    return { ...object, catalog: identifier(catalog), schema: identifier(schema), name: identifier(name) };
}
