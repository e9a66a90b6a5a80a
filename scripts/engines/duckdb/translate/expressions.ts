import { columnName, expr, isObject, kindOf, sqlString, stringLiteral, type Json, type JsonObject } from "./ast.ts";
import { rewriteCast } from "./casts.ts";
import { rewriteExtract } from "./datetime.ts";
import { UnsupportedSqlError } from "../../errors.ts";
import { rewriteCall } from "./functions.ts";
import { createSchema } from "./statements.ts";
import { bigQueryTypeOf } from "./types.ts";

/**
 * Rewrites of polyglot's typed expression nodes (everything that is not a
 * plain function call is its own node kind), keyed by kind. Each returns
 * the DuckDB node with BigQuery's semantics.
 */
type Handler = (data: JsonObject) => Json;

const present = (...values: (Json | undefined)[]): Json[] => values.filter((value) => value != null) as Json[];

/** A typed node that is only a function in disguise: rewrite it as the call. */
function asCall(name: string, fields: string[]): Handler {
    return (data) => rewriteCall(name, present(...fields.map((field) => data[field])));
}

function functionCall(data: JsonObject): Json {
    const name = String(data.name);
    const args = Array.isArray(data.args) ? data.args : [];
    if (/^safe\./i.test(name) && !/^safe\.parse_(date|datetime|timestamp)$/i.test(name)) {
        throw new UnsupportedSqlError(`${name.toUpperCase()} (SAFE. prefix)`);
    }
    if (name.toLowerCase() === "struct") return structOf(args);
    return rewriteCall(name, args);
}

/** STRUCT(a, b AS c) keeps field names a and c; anonymous fields have no canonical form. */
function structOf(args: Json[]): Json {
    const fields = args.map((arg, index) => {
        if (kindOf(arg) === "alias") {
            const alias = (arg as JsonObject).alias as JsonObject;
            return { name: String((alias.alias as JsonObject).name), value: alias.this };
        }
        const column = kindOf(arg) === "column" ? ((arg as JsonObject).column as JsonObject).name : undefined;
        if (!isObject(column)) throw new UnsupportedSqlError(`anonymous STRUCT field ${index + 1}`);
        return { name: String(column.name), value: arg };
    });
    const text = fields.map((field, index) => `${sqlString(field.name)}: $${index}`).join(", ");
    return expr(`{${text}}`, ...fields.map((field) => field.value));
}

/** Number literals with a point or exponent are FLOAT64 in BigQuery, DECIMAL in DuckDB. */
function literal(data: JsonObject): Json {
    const value = String(data.value);
    const node = { literal: data };
    switch (data.literal_type) {
        case "number":
            return /[.eE]/.test(value) ? expr(`CAST(${sqlString(value)} AS DOUBLE)`) : node;
        case "timestamp":
            return expr(`CAST(${sqlString(value)} AS TIMESTAMPTZ)`);
        case "datetime":
            return expr(`CAST(${sqlString(value)} AS TIMESTAMP)`);
        case "byte_string":
            if (value.includes("\\")) throw new UnsupportedSqlError("BYTES literal with escapes");
            return expr(`CAST(${sqlString(value)} AS BLOB)`);
        default:
            return node;
    }
}

/** arr[OFFSET(n)], [SAFE_OFFSET(n)], [ORDINAL(n)], [SAFE_ORDINAL(n)] and arr[n] (= OFFSET). */
function subscript(data: JsonObject): Json {
    const index = data.index;
    if (stringLiteral(index) !== undefined) throw new UnsupportedSqlError("JSON subscript access");
    const call = kindOf(index) === "function" ? ((index as JsonObject).function as JsonObject) : undefined;
    const wrapper = call ? String(call.name).toLowerCase() : "offset";
    const position = call && Array.isArray(call.args) ? call.args[0] : index;
    const forms: Record<string, string> = {
        offset: "bq_offset($0, $1)",
        safe_offset: "bq_safe_offset($0, $1)",
        ordinal: "bq_offset($0, $1 - 1)",
        safe_ordinal: "bq_safe_offset($0, $1 - 1)",
    };
    const form = forms[wrapper];
    if (!form || position === undefined) return expr("bq_offset($0, $1)", data.this, index);
    return expr(form, data.this, position);
}

/** ARRAY_AGG(x IGNORE NULLS ORDER BY k LIMIT n): FILTER for IGNORE NULLS, a slice for LIMIT. */
function arrayAgg(data: JsonObject): Json {
    const aggregate: JsonObject = { ...data, limit: null, ignore_nulls: false };
    if (data.ignore_nulls) aggregate.filter = expr("$0 IS NOT NULL", data.this);
    const node = { array_agg: aggregate };
    return data.limit == null ? node : expr("list_slice($0, 1, $1)", node, data.limit);
}

/**
 * `FROM UNNEST(arr) AS x [WITH OFFSET AS o]`: a lateral subquery whose
 * columns carry the BigQuery names (DuckDB would name the column "unnest").
 * Without an alias, BigQuery exposes the fields of STRUCT elements as columns.
 */
function unnest(data: JsonObject): Json {
    const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
    if (!isObject(data.alias)) return expr(`(SELECT "__element".* FROM (SELECT unnest($0) AS "__element"))`, data.this);
    const alias = String(data.alias.name);
    const offset = isObject(data.offset_alias) ? String(data.offset_alias.name) : data.with_ordinality ? "offset" : undefined;
    const offsetColumn = offset ? `, unnest(range(len($0))) AS ${quoted(offset)}` : "";
    const query = expr(`(SELECT unnest($0) AS ${quoted(alias)}${offsetColumn})`, data.this);
    return { subquery: { ...(query.subquery as JsonObject), alias: { name: alias, quoted: true, trailing_comments: [] } } };
}

/**
 * polyglot attaches IGNORE NULLS to the argument when it is a call
 * (`f(g(x) IGNORE NULLS)`); move it back to the aggregate or window function.
 */
function liftIgnoreNulls(object: JsonObject): JsonObject {
    const argument = object.this;
    if (kindOf(argument) !== "aggregate_function") return object;
    const call = (argument as JsonObject).aggregate_function as JsonObject;
    if (!call.ignore_nulls) return object;
    return { ...object, ignore_nulls: true, this: { aggregate_function: { ...call, ignore_nulls: false } } };
}

/** `UNNEST(...)`, aliased or not, as the parser leaves it. */
function isUnnest(node: Json | undefined): boolean {
    if (kindOf(node) === "alias") return kindOf(((node as JsonObject).alias as JsonObject).this) === "unnest";
    return kindOf(node) === "unnest";
}

const joinsNeedingOn = new Set(["Inner", "Left", "Right", "Full"]);

/**
 * Applied on the way down, before the rewrites below it: IGNORE NULLS goes
 * back on its function; the alias of `UNNEST(a) AS x`, which polyglot puts
 * around the node (inside it with WITH OFFSET), goes inside; and BigQuery's
 * `LEFT JOIN UNNEST(...)` without ON gets DuckDB's required `ON true`.
 */
export function prepare(object: JsonObject): Json {
    const kind = kindOf(object);
    if (kind && kind !== "aggregate_function" && isObject(object[kind])) {
        const data = object[kind] as JsonObject;
        const lifted = liftIgnoreNulls(data);
        if (lifted !== data) return { [kind]: lifted };
    }
    if (kind === "alias") {
        const data = object.alias as JsonObject;
        if (kindOf(data.this) === "unnest") return { unnest: { ...((data.this as JsonObject).unnest as JsonObject), alias: data.alias } };
    }
    if (isUnnest(object.this) && object.on == null && joinsNeedingOn.has(String(object.kind))) {
        return { ...object, on: expr("true") };
    }
    return object;
}

/** x IN UNNEST(arr): SQL IN semantics, NULL when x is NULL or arr holds a NULL. */
function inList(data: JsonObject): Json {
    if (data.unnest == null) return { in: data };
    return expr(data.not ? "$0 NOT IN (SELECT unnest($1))" : "$0 IN (SELECT unnest($1))", data.this, data.unnest);
}

/** BigQuery's LIKE treats backslash as an escape; DuckDB's does not. */
function like(data: JsonObject): Json {
    const pattern = stringLiteral(data.right);
    if (pattern?.includes("\\")) throw new UnsupportedSqlError(`LIKE with backslash escapes '${pattern}'`);
    return { like: data };
}

function methodCall(data: JsonObject): never {
    const owner = isObject(data.this) ? columnName(data.this) : undefined;
    const method = isObject(data.method) ? data.method.name : "?";
    throw new UnsupportedSqlError(`${String(owner ?? "").toUpperCase()}.${String(method).toUpperCase()}`);
}

function refuseKind(construct: string): Handler {
    return () => {
        throw new UnsupportedSqlError(construct);
    };
}

function cast(safe: boolean): Handler {
    return (data) => rewriteCast(data.this, bigQueryTypeOf(data.to as JsonObject), safe);
}

export const handlers: Record<string, Handler> = {
    function: functionCall,
    literal,
    subscript,
    array_agg: arrayAgg,
    unnest,
    in: inList,
    like,
    method_call: methodCall,
    cast: cast(false),
    safe_cast: cast(true),
    extract: rewriteExtract,
    div: (data) => expr("bq_divide($0, $1)", data.left, data.right),
    mul: (data) => expr("bq_multiply($0, $1)", data.left, data.right),
    round: (data) => (data.decimals == null ? expr("bq_round($0)", data.this) : expr("bq_round2($0, $1)", data.this, data.decimals)),
    floor: (data) => expr("bq_floor($0)", data.this),
    ceil: (data) => expr("bq_ceil($0)", data.this),
    json_value: asCall("json_value", ["this", "path"]),
    json_extract_scalar: asCall("json_extract_scalar", ["this", "path"]),
    json_query: asCall("json_query", ["this", "path"]),
    json_extract: asCall("json_extract", ["this", "path"]),
    parse_json: asCall("parse_json", ["this"]),
    substring: asCall("substr", ["this", "start", "length"]),
    safe_divide: asCall("safe_divide", ["this", "expression"]),
    mod_func: asCall("mod", ["this", "expression"]),
    array_length: asCall("array_length", ["this"]),
    create_schema: createSchema,
    timestamp: asCall("timestamp", ["this", "zone"]),
    approx_count_distinct: asCall("approx_count_distinct", ["this"]),
    // LOG(x, base); polyglot already turns one-argument LOG (natural) into LN.
    log: (data) => expr("ln($0) / ln($1)", data.this, data.base),
    // DuckDB's namesakes answer differently (JSON_TYPE: 'VARCHAR' for 'string') or not at all.
    json_type: refuseKind("JSON_TYPE"),
    to_json: refuseKind("TO_JSON"),
    normalize: refuseKind("NORMALIZE"),
    initcap: refuseKind("INITCAP"),
    aggregate_function: functionCall,
    last_day: (data) => {
        if (data.unit != null && data.unit !== "Month") throw new UnsupportedSqlError(`LAST_DAY by ${String(data.unit)}`);
        return expr("last_day($0)", data.this);
    },
};

/** BigQuery sorts NULLs first ascending, last descending; DuckDB always last. */
export function explicitNullOrder(object: JsonObject): JsonObject {
    if (!("desc" in object && "nulls_first" in object && "this" in object)) return object;
    if (object.nulls_first != null) return object;
    return { ...object, nulls_first: !object.desc };
}
