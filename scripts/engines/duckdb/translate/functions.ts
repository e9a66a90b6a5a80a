import { call, expr, stringLiteral, type Json } from "./ast.ts";
import { datetimeRewrites, type Rewrite } from "./datetime.ts";
import { UnsupportedSqlError } from "../../errors.ts";
import { jsonRewrites } from "./json.ts";
import { approximateRewrites } from "./approximate.ts";

/**
 * Every BigQuery function the translation knows, by lower-case name. A
 * function not listed here is refused: an unknown function may exist in
 * DuckDB under the same name with other semantics.
 */

/** Aggregates with the same name and semantics in DuckDB (BigQuery has no SAFE. form of an aggregate). */
export const SAME_NAMED_AGGREGATES = ["count", "sum", "avg", "min", "max", "string_agg", "any_value"];

/** Same name and semantics in DuckDB. */
const sameInDuckDb = [
    "length",
    "char_length",
    "character_length",
    "ltrim",
    "rtrim",
    "trim",
    "replace",
    "reverse",
    "repeat",
    "starts_with",
    "ends_with",
    "strpos",
    "left",
    "right",
    "abs",
    "coalesce",
    "nullif",
    "if",
    "to_base64",
    "from_base64",
    "row_number",
    "rank",
    "dense_rank",
    "ntile",
    "percent_rank",
    "cume_dist",
    "lag",
    "lead",
    "first_value",
    "last_value",
    "nth_value",
    ...SAME_NAMED_AGGREGATES,
    "array",
    // Read by their parent (subscripts, date parts), never left in the output.
    "offset",
    "ordinal",
    "safe_offset",
    "safe_ordinal",
    "week",
];

const renamed =
    (duckdbName: string): Rewrite =>
    (args) =>
        call(duckdbName, args);

/** `$0 op $1 op $2 ...` over all arguments. */
function template(args: Json[], separator: string): string {
    return args.map((_, index) => `$${index}`).join(separator);
}

/** BigQuery CONCAT, GREATEST and LEAST return NULL when any argument is NULL; DuckDB skips NULLs. */
function nullPropagating(name: string): Rewrite {
    return (args) => {
        const anyNull = args.map((_, index) => `$${index} IS NULL`).join(" OR ");
        return expr(`CASE WHEN ${anyNull} THEN NULL ELSE ${name}(${template(args, ", ")}) END`, ...args);
    };
}

/**
 * BigQuery LEAST is NaN when any argument is NaN; DuckDB's NaN is the greatest value, so its LEAST
 * skips it (its GREATEST already gives NaN, which is what the NaN branch returns).
 */
function least(args: Json[]): Json {
    const anyNull = args.map((_, index) => `$${index} IS NULL`).join(" OR ");
    const noNan = args.map((_, index) => `bq_not_nan($${index})`).join(" AND ");
    const all = template(args, ", ");
    return expr(`CASE WHEN ${anyNull} THEN NULL WHEN NOT (${noNan}) THEN greatest(${all}) ELSE least(${all}) END`, ...args);
}

/** Capturing groups in an RE2 pattern: `(` not escaped, not in a class, not `(?:`. */
export function capturingGroups(pattern: string): number {
    let groups = 0;
    let inClass = false;
    for (let index = 0; index < pattern.length; index++) {
        const char = pattern[index];
        if (char === "\\") index++;
        else if (inClass) inClass = char !== "]";
        else if (char === "[") inClass = true;
        else if (char === "(" && (pattern[index + 1] !== "?" || /^\?P?<[A-Za-z_]/.test(pattern.slice(index + 1)))) groups++;
    }
    return groups;
}

/** REGEXP_EXTRACT(_ALL) return group 1 when the pattern has one, else the whole match. */
function regexpGroup(args: Json[], construct: string): number {
    const pattern = stringLiteral(args[1]);
    if (pattern === undefined) throw new UnsupportedSqlError(`${construct} with a non-literal pattern`);
    if (args.length > 2) throw new UnsupportedSqlError(`${construct} with position or occurrence`);
    const groups = capturingGroups(pattern);
    if (groups > 1) throw new UnsupportedSqlError(`${construct} with more than one capturing group`);
    return groups;
}

const refusals = new Set<Rewrite>();

/** A function known to differ on DuckDB: refused with a reason rather than translated. */
function refuse(construct: string): Rewrite {
    const rewrite: Rewrite = () => {
        throw new UnsupportedSqlError(construct);
    };
    refusals.add(rewrite);
    return rewrite;
}

const rewrites: Record<string, Rewrite> = {
    ...Object.fromEntries(sameInDuckDb.map((name) => [name, (args: Json[]) => call(name, args)])),
    ...datetimeRewrites,
    ...jsonRewrites,
    ifnull: renamed("coalesce"),
    round: (args) => call(args.length === 2 ? "bq_round2" : "bq_round", args),
    floor: renamed("bq_floor"),
    ceil: renamed("bq_ceil"),
    ceiling: renamed("bq_ceil"),
    // COUNTIF of no TRUE row is 0; DuckDB's count_if of only NULLs is NULL.
    countif: (args) => expr("count(CASE WHEN $0 THEN 1 END)", args[0]),
    logical_and: renamed("bool_and"),
    logical_or: renamed("bool_or"),
    // Estimates in BigQuery; computed exactly here (approximate.ts, docs/sql-subset.md).
    ...approximateRewrites,
    // BigQuery raises where the result is NaN or infinite from finite, non-NaN arguments (domain errors, overflow).
    sqrt: (args) => expr("bq_float_result(sqrt($0), $0, 0)", args[0]),
    ln: (args) => expr("bq_float_result(bq_ln($0), $0, 0)", args[0]),
    log10: (args) => expr("bq_float_result(bq_log10($0), $0, 0)", args[0]),
    upper: renamed("bq_upper"),
    lower: renamed("bq_lower"),
    exp: (args) => expr("bq_float_result(exp($0), $0, 0)", args[0]),
    pow: (args) => expr("bq_float_result(pow($0, $1), $0, $1)", args[0], args[1]),
    power: (args) => expr("bq_float_result(pow($0, $1), $0, $1)", args[0], args[1]),
    sign: renamed("bq_sign"),
    ascii: renamed("bq_ascii"),
    is_nan: (args) => expr("isnan(CAST($0 AS DOUBLE))", args[0]),
    is_inf: (args) => expr("isinf(CAST($0 AS DOUBLE))", args[0]),
    // NET.HOST by BigQuery's best-effort reading of a URL (net.ts, a JavaScript function).
    "net.host": renamed("bq_net_host"),
    // They need the public suffix list at the version BigQuery uses, which no package here ships.
    "net.reg_domain": refuse("NET.REG_DOMAIN (needs BigQuery's public suffix list)"),
    "net.public_suffix": refuse("NET.PUBLIC_SUFFIX (needs BigQuery's public suffix list)"),
    contains_substr: (args) => {
        if (args.length !== 2 || stringLiteral(args[1]) === undefined)
            throw new UnsupportedSqlError("CONTAINS_SUBSTR without a literal search value");
        return expr("bq_contains_substr(bq_contains_substr_text($0), $1)", args[0], args[1]);
    },
    safe_convert_bytes_to_string: renamed("bq_safe_convert_bytes_to_string"),
    to_json_string: (args) => {
        if (args.length > 1) throw new UnsupportedSqlError("TO_JSON_STRING with pretty_print");
        return expr("bq_to_json_string($0)", args[0]);
    },
    to_json: (args) => {
        if (args.length > 1) throw new UnsupportedSqlError("TO_JSON with stringify_wide_numbers");
        return expr("CAST(bq_to_json_string($0) AS JSON)", args[0]);
    },
    greatest: nullPropagating("greatest"),
    least,
    concat: (args) => nullPropagating("concat")(args),
    substr: (args) => (args.length === 2 ? call("bq_substr2", args) : call("bq_substr3", args)),
    substring: (args) => (args.length === 2 ? call("bq_substr2", args) : call("bq_substr3", args)),
    split: (args) => call("string_split", [args[0], args[1] ?? expr("','")]),
    array_length: (args) => call("len", args),
    array_reverse: renamed("list_reverse"),
    array_concat: (args) => {
        if (args.length !== 2) throw new UnsupportedSqlError("ARRAY_CONCAT of other than two arrays");
        return call("bq_array_concat", args);
    },
    array_to_string: (args) => call(args.length === 3 ? "bq_array_to_string3" : "array_to_string", args),
    generate_array: (args) => call("bq_generate_array", [args[0], args[1], args[2] ?? expr("1")]),
    regexp_contains: renamed("regexp_matches"),
    regexp_replace: (args) => {
        const pattern = stringLiteral(args[1]);
        const replacement = stringLiteral(args[2]);
        if (pattern === undefined || replacement === undefined)
            throw new UnsupportedSqlError("REGEXP_REPLACE with a non-literal pattern or replacement");
        const referenced = Math.max(0, ...[...replacement.matchAll(/\\(\d)/g)].map((match) => Number(match[1])));
        // BigQuery raises for a reference to a group the pattern does not have; DuckDB leaves it as text.
        if (referenced > capturingGroups(pattern))
            throw new UnsupportedSqlError(`REGEXP_REPLACE referring to group \\${referenced} of a pattern with fewer groups`);
        return expr("regexp_replace($0, $1, $2, 'g')", ...args);
    },
    regexp_extract: (args) => expr(`bq_regexp_extract($0, $1, ${regexpGroup(args, "REGEXP_EXTRACT")})`, args[0], args[1]),
    regexp_extract_all: (args) => expr(`regexp_extract_all($0, $1, ${regexpGroup(args, "REGEXP_EXTRACT_ALL")})`, args[0], args[1]),
    safe_divide: renamed("bq_safe_divide"),
    div: renamed("bq_int_div"),
    mod: renamed("bq_mod"),
    // DuckDB hashes return hex text; BigQuery's return BYTES.
    sha256: (args) => expr("unhex(sha256($0))", args[0]),
    sha1: (args) => expr("unhex(sha1($0))", args[0]),
    md5: (args) => expr("unhex(md5($0))", args[0]),
    to_hex: (args) => expr("lower(hex($0))", args[0]),
    from_hex: renamed("unhex"),
    ieee_divide: refuse("IEEE_DIVIDE"),
    // A JavaScript scalar function (udfs.ts); STRING arguments only.
    farm_fingerprint: renamed("bq_farm_fingerprint"),
    bool: refuse("BOOL() on JSON"),
    int64: refuse("INT64() on JSON"),
    float64: refuse("FLOAT64() on JSON"),
    string: refuse("STRING() conversion"),
};

/** The DuckDB form of the BigQuery call `name(args)`. */
export function rewriteCall(name: string, args: Json[]): Json {
    const key = name.toLowerCase();
    const rewrite = rewrites[key];
    if (!rewrite) throw new UnsupportedSqlError(`function ${name.toUpperCase()}`);
    return rewrite(args);
}

/** The BigQuery functions the translation carries over with BigQuery's semantics (docs/sql-subset.md lists them). */
export function supportedFunctions(): string[] {
    return Object.entries(rewrites)
        .filter(([, rewrite]) => !refusals.has(rewrite))
        .map(([name]) => name.toUpperCase())
        .sort();
}

/** Functions refused by name, because DuckDB's result would differ. */
export function refusedFunctions(): string[] {
    return Object.entries(rewrites)
        .filter(([, rewrite]) => refusals.has(rewrite))
        .map(([name]) => name.toUpperCase())
        .sort();
}
