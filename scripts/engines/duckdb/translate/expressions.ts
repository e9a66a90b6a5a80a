import { dataOf, expr, isObject, kindOf, objects, sqlString, stringLiteral, type Handler, type Json, type JsonObject } from "./ast.ts";
import { approximateAggregates } from "./approximate.ts";
import { wildcardItem } from "./tables.ts";
import { TABLE_SUFFIX } from "../../wildcard.ts";
import { rewriteCast } from "./casts.ts";
import { formatWithFormat, parseWithFormat } from "./cast-format.ts";
import { rewriteExtract } from "./datetime.ts";
import { UnsupportedSqlError } from "../../errors.ts";
import { rewriteCall, SAME_NAMED_AGGREGATES } from "./functions.ts";
import { createSchema } from "./statements.ts";
import { aggregateOrder, markFilterComparisons, markWindowedMinimum, nanHandlers, withNanOrderedSelect } from "./nan.ts";
import { bigQueryTypeOf } from "./types.ts";

const present = (...values: (Json | undefined)[]): Json[] => values.filter((value) => value != null) as Json[];

/** A typed node that is only a function in disguise: rewrite it as the call. */
function asCall(name: string, fields: string[]): Handler {
    return (data) => rewriteCall(name, present(...fields.map((field) => data[field])));
}

function functionCall(data: JsonObject): Json {
    const name = String(data.name);
    const args = Array.isArray(data.args) ? data.args : [];
    const safe = /^safe\./i.exec(name);
    if (safe && !/^safe\.parse_(date|datetime|timestamp)$/i.test(name)) return safeCall(name.slice(safe[0].length), args);
    if (name.toLowerCase() === "struct") return structOf(args);
    const aggregate = approximateAggregates[name.toLowerCase()];
    if (aggregate) return aggregate(args, { distinct: data.distinct === true, respectNulls: data.respect_nulls === true });
    return rewriteCall(name, args);
}

/** Aggregate and window functions, which BigQuery has no SAFE. form of. */
const NOT_SAFE = new Set([...SAME_NAMED_AGGREGATES, "array_agg", "countif", "logical_and", "logical_or"]);

/** Argument kinds that cannot raise an error themselves, so TRY() catches only the function's own errors. */
const CANNOT_FAIL = new Set(["column", "literal", "null", "boolean", "parameter", "placeholder"]);

/**
 * SAFE.f(args): NULL where f raises an error. DuckDB's TRY() gives NULL for
 * the rows where its expression fails; it must not hide an argument's error
 * (BigQuery raises those), so arguments must be columns or literals, and the
 * expression must not call a function that refuses at run time (whose error()
 * TRY cannot take).
 */
function safeCall(name: string, args: Json[]): Json {
    const construct = `SAFE.${name.toUpperCase()}`;
    if (NOT_SAFE.has(name.toLowerCase())) throw new UnsupportedSqlError(`${construct} (no SAFE. form of an aggregate)`);
    if (!args.every((arg) => CANNOT_FAIL.has(kindOf(arg) ?? ""))) {
        throw new UnsupportedSqlError(`${construct} with an argument that is not a column or a literal (compute it in a subquery first)`);
    }
    const call = rewriteCall(name, args);
    for (const object of objects(call)) {
        const data = kindOf(object) === "function" ? dataOf(object) : undefined;
        if (data && SAFE_VARIANTS[String(data.name)]) data.name = SAFE_VARIANTS[String(data.name)]!;
    }
    const macros = [...objects(call)].filter((object) => kindOf(object) === "function").map((object) => String(dataOf(object).name));
    if (macros.some((macro) => macro.startsWith("bq_") && !SAFE_MACROS.has(macro))) {
        throw new UnsupportedSqlError(`${construct} (its local form raises errors TRY cannot catch)`);
    }
    return expr("TRY($0)", call);
}

/** Translations whose errors have a NULL-returning twin for SAFE. (macros.ts). */
const SAFE_VARIANTS: Record<string, string> = { bq_substr3: "bq_safe_substr3", bq_parse_json: "bq_safe_parse_json" };

/** Functions of translations that raise no error() of their own, so TRY() may wrap them. */
const SAFE_MACROS = new Set([
    "bq_safe_substr3",
    "bq_substr_start",
    "bq_net_host",
    "bq_contains_substr",
    "bq_safe_convert_bytes_to_string",
    "bq_safe_parse_json",
    "bq_farm_fingerprint",
    "bq_substr2",
]);

/** The name BigQuery gives an unaliased STRUCT field or select item: a column's name, or a path's last field. */
export function impliedName(node: Json | undefined): string | undefined {
    if (kindOf(node) === "column") {
        const name = ((node as JsonObject).column as JsonObject).name;
        return isObject(name) ? String(name.name) : undefined;
    }
    if (kindOf(node) === "dot") {
        const field = ((node as JsonObject).dot as JsonObject).field;
        return isObject(field) ? String(field.name) : undefined;
    }
    return undefined;
}

/** STRUCT(a, t.x.b, c AS d) keeps field names a, b and d; anonymous fields have no canonical form. */
function structOf(args: Json[]): Json {
    const fields = args.map((arg, index) => {
        if (kindOf(arg) === "alias") {
            const alias = (arg as JsonObject).alias as JsonObject;
            return { name: String((alias.alias as JsonObject).name), value: alias.this };
        }
        const name = impliedName(arg);
        if (name === undefined) throw new UnsupportedSqlError(`anonymous STRUCT field ${index + 1}`);
        return { name, value: arg };
    });
    return structPack(fields);
}

function structPack(fields: { name: string; value: Json }[]): Json {
    const text = fields.map((field, index) => `${sqlString(field.name)}: $${index}`).join(", ");
    return expr(`{${text}}`, ...fields.map((field) => field.value));
}

/**
 * SELECT AS STRUCT (one STRUCT of the select items) and SELECT AS VALUE (the
 * one item itself), as ARRAY(...) and scalar subqueries use them. A whole
 * query or a FROM item of these is a value table, refused (see prepare).
 */
function selectNode(selected: JsonObject): Json {
    const data = withNanOrderedSelect(selected);
    const kind = typeof data.kind === "string" ? data.kind.toUpperCase() : undefined;
    if (kind !== "STRUCT" && kind !== "VALUE") return { select: data };
    const items = Array.isArray(data.expressions) ? data.expressions : [];
    if (kind === "VALUE") {
        if (items.length !== 1) throw new UnsupportedSqlError("SELECT AS VALUE of more than one item");
        return { select: { ...data, kind: null } };
    }
    const fields = items.map((item, index) => {
        if (kindOf(item) === "alias") {
            const alias = (item as JsonObject).alias as JsonObject;
            return { name: String((alias.alias as JsonObject).name), value: alias.this };
        }
        const name = impliedName(item);
        if (name === undefined) throw new UnsupportedSqlError(`SELECT AS STRUCT with anonymous field ${index + 1}`);
        return { name, value: item };
    });
    return { select: { ...data, kind: null, expressions: [structPack(fields)] } };
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
        case "string":
            // escapes.ts decodes \u and \U escapes before parsing; one left (after \\, or of a quote or a control
            // character) would reach DuckDB as text: refused rather than a different string.
            if (/\\[uU]/.test(value))
                throw new UnsupportedSqlError("STRING literal with a \\u or \\U escape of a quote or control character, or after \\\\");
            return node;
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
    const aggregate: JsonObject = {
        ...data,
        limit: null,
        ignore_nulls: false,
        order_by: aggregateOrder(data),
    };
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
    if (kind === "select") {
        refuseValueTableItems(object.select as JsonObject);
        hideTableSuffix(object.select as JsonObject);
        markFilterComparisons(object.select as JsonObject);
    }
    markWindowedMinimum(kind, object);
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

/** The SELECT AS STRUCT/VALUE of a subquery item, when it is one. */
export function valueTableKind(node: Json | undefined): string | undefined {
    let inner = node;
    if (kindOf(inner) === "alias") inner = ((inner as JsonObject).alias as JsonObject).this;
    if (kindOf(inner) === "subquery") inner = ((inner as JsonObject).subquery as JsonObject).this;
    if (kindOf(inner) !== "select") return undefined;
    const kind = ((inner as JsonObject).select as JsonObject).kind;
    return typeof kind === "string" ? kind.toUpperCase() : undefined;
}

/** A FROM item that is a value table (SELECT AS STRUCT/VALUE) exposes its fields as columns: not translated. */
function refuseValueTableItems(select: JsonObject): void {
    const from = isObject(select.from) && Array.isArray(select.from.expressions) ? select.from.expressions : [];
    const joined = Array.isArray(select.joins) ? select.joins.map((join) => (isObject(join) ? join.this : null)) : [];
    for (const item of [...from, ...joined]) {
        const kind = valueTableKind(item);
        if (kind) throw new UnsupportedSqlError(`SELECT AS ${kind} as a FROM item (a value table)`);
    }
}

/** `SELECT *` and `w.*` over a wildcard table leave out its pseudo-column _TABLE_SUFFIX (DuckDB: EXCLUDE). */
function hideTableSuffix(select: JsonObject): void {
    const from = isObject(select.from) && Array.isArray(select.from.expressions) ? select.from.expressions : [];
    const joined = Array.isArray(select.joins) ? select.joins.map((join) => (isObject(join) ? join.this : null)) : [];
    const wildcards = [...from, ...joined].map(wildcardItem).filter((item) => item !== undefined);
    if (wildcards.length === 0 || !Array.isArray(select.expressions)) return;
    const aliases = new Set(wildcards.map((item) => item.alias?.toLowerCase()));
    // DuckDB names a selected column as the table spells it; BigQuery, as the query does.
    select.expressions = select.expressions.map((item) => {
        const name = impliedName(item);
        return name?.toLowerCase() === TABLE_SUFFIX.toLowerCase()
            ? { alias: { this: item, alias: { name, quoted: true, trailing_comments: [] } } }
            : item;
    });
    for (const item of select.expressions) {
        if (kindOf(item) !== "star") continue;
        const star = (item as JsonObject).star as JsonObject;
        const qualifier = isObject(star.table) ? String(star.table.name).toLowerCase() : undefined;
        if (qualifier !== undefined && !aliases.has(qualifier)) continue;
        star.except = [...(Array.isArray(star.except) ? star.except : []), { name: TABLE_SUFFIX, quoted: false, trailing_comments: [] }];
    }
}

/** BigQuery's LIKE treats backslash as an escape; DuckDB's does not. */
function like(data: JsonObject): Json {
    const pattern = stringLiteral(data.right);
    if (pattern?.includes("\\")) throw new UnsupportedSqlError(`LIKE with backslash escapes '${pattern}'`);
    return { like: data };
}

/** `NET.HOST(x)` and `SAFE.NET.HOST(x)`, which polyglot reads as methods of a column `net`. */
function methodCall(data: JsonObject): Json {
    const owner = isObject(data.this) && kindOf(data.this) === "column" ? (data.this.column as JsonObject) : undefined;
    const ownerName = isObject(owner?.name) ? String(owner.name.name) : "";
    const safe = isObject(owner?.table) && String(owner.table.name).toLowerCase() === "safe";
    const method = isObject(data.method) ? String(data.method.name) : "?";
    const name = `${ownerName}.${method}`;
    const args = Array.isArray(data.args) ? data.args : [];
    if (ownerName.toLowerCase() !== "net") throw new UnsupportedSqlError(name.toUpperCase());
    return safe ? safeCall(name, args) : rewriteCall(name, args);
}

function refuseKind(construct: string): Handler {
    return () => {
        throw new UnsupportedSqlError(construct);
    };
}

function cast(safe: boolean): Handler {
    return (data) => {
        const type = bigQueryTypeOf(data.to as JsonObject);
        if (data.format == null) return rewriteCast(data.this, type, safe);
        if (type !== "STRING") return parseWithFormat(data.this, type, data.format, safe);
        if (safe) throw new UnsupportedSqlError("SAFE_CAST(... AS STRING FORMAT)");
        return formatWithFormat(data.this, data.format);
    };
}

/** polyglot writes `-x` without parentheses around a rewritten operand (`-a - b` for `-(a - b)`). */
function negation(data: JsonObject): Json {
    const simple = ["literal", "column", "paren", "function"].includes(kindOf(data.this) ?? "");
    return { neg: simple ? data : { ...data, this: { paren: { this: data.this } } } };
}

/**
 * Rewrites of polyglot's typed expression nodes (everything that is not a
 * plain function call is its own node kind), keyed by kind. Each returns
 * the DuckDB node with BigQuery's semantics.
 */
export const handlers: Record<string, Handler> = {
    ...nanHandlers,
    function: functionCall,
    neg: negation,
    power: asCall("pow", ["this", "expression"]),
    upper: asCall("upper", ["this"]),
    count_if: asCall("countif", ["this"]),
    lower: asCall("lower", ["this"]),
    sqrt: asCall("sqrt", ["this"]),
    ln: asCall("ln", ["this"]),
    exp: asCall("exp", ["this"]),
    select: selectNode,
    literal,
    subscript,
    array_agg: arrayAgg,
    unnest,
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
    approx_count_distinct: (data) => approximateAggregates.approx_count_distinct!([data.this], {}),
    // LOG(x, base); polyglot already turns one-argument LOG (natural) into LN.
    log: (data) => expr("ln($0) / ln($1)", data.this, data.base),
    // DuckDB's namesakes answer differently (JSON_TYPE: 'VARCHAR' for 'string') or not at all.
    json_type: refuseKind("JSON_TYPE"),
    to_json: asCall("to_json", ["this"]),
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
