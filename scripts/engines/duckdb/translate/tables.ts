import { duckdbName, duckdbPath, quoteIdentifier } from "../naming.ts";
import { expandWildcard, TABLE_SUFFIX, wildcardOf, type WildcardTable } from "../../wildcard.ts";
import { UnsupportedSqlError } from "../../errors.ts";
import { expr, isObject, kindOf, sqlString, type Json, type JsonObject } from "./ast.ts";

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

/** The warehouse's tables, for wildcard tables; set while a statement that names one is translated. */
let warehouseTables: WildcardTable[] | undefined;

export function withWarehouseTables<T>(tables: WildcardTable[] | undefined, work: () => T): T {
    warehouseTables = tables;
    try {
        return work();
    } finally {
        warehouseTables = undefined;
    }
}

/** `dataset.prefix*`: the union of the matching tables, each row with its _TABLE_SUFFIX. */
function wildcardSubquery(path: string[], reference: JsonObject): Json {
    if (!warehouseTables) throw new UnsupportedSqlError(`wildcard table ${path.join(".")} here`);
    const { matches, columns } = expandWildcard(path, warehouseTables)!;
    const list = columns.map((column) => quoteIdentifier(column.name)).join(", ");
    const union = matches
        .map(({ table, suffix }) => `SELECT ${list}, ${sqlString(suffix)} AS ${TABLE_SUFFIX} FROM ${duckdbName(table)}`)
        .join(" UNION ALL ");
    const node = expr(`(${union})`);
    const alias = isObject(reference.alias)
        ? reference.alias
        : { name: path.join(".").split(".").at(-1)!, quoted: true, trailing_comments: [] };
    return { subquery: { ...(node.subquery as JsonObject), alias } };
}

/** A FROM item naming a wildcard table, and the alias it is known by. */
export function wildcardItem(item: Json): { alias?: string } | undefined {
    if (kindOf(item) !== "table") return undefined;
    const reference = (item as JsonObject).table as JsonObject;
    if (!isTableReference(reference) || !wildcardOf(pathOf(reference))) return undefined;
    return { alias: isObject(reference.alias) ? String(reference.alias.name) : undefined };
}

/** Rewrites a table reference in place of `object`; other objects pass through. */
export function mapTableReference(object: JsonObject): JsonObject {
    if (!isTableReference(object)) return object;
    const path = pathOf(object);
    if (wildcardOf(path)) return { __wildcard: wildcardSubquery(path, object) } as JsonObject;
    if (path.length === 1 && !path[0].includes(".")) return object;
    const { catalog, schema, name } = duckdbPath(path);
    return { ...object, catalog: identifier(catalog), schema: identifier(schema), name: identifier(name) };
}
