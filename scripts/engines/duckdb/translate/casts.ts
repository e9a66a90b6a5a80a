import { splitTopLevel } from "../types.ts";
import { expr, isObject, kindOf, sqlString, type Json, type JsonObject, type Node } from "./ast.ts";
import { UnsupportedSqlError } from "../../errors.ts";
import { duckdbTypeNode } from "./types.ts";

/**
 * CAST and SAFE_CAST. DuckDB differs from BigQuery for a few targets:
 * '12.5' -> INT64 (DuckDB rounds, BigQuery refuses), 2.5 -> INT64 (DuckDB
 * rounds half to even), 'yes' -> BOOL, and the text of floats and decimals.
 * Text to NUMERIC and FLOAT64: DuckDB reads forms BigQuery does not (1_000, +-1).
 */
const macroTargets: Record<string, string> = {
    INT64: "int64",
    BOOL: "bool",
    STRING: "string",
    NUMERIC: "numeric",
    FLOAT64: "float64",
};

/** Targets whose macro only reads text differently: a value that cannot be text takes DuckDB's cast. */
const textOnlyMacroTargets = new Set(["NUMERIC", "FLOAT64"]);

/** Node kinds and (translated) functions whose value is a number, never text. */
const NUMBER_KINDS = new Set("add sub mul div mod mod_func neg sum avg count abs sqrt length str_position".split(" "));
const NUMBER_FUNCTIONS = new Set(
    [
        "bq_divide bq_multiply bq_safe_divide bq_trunc_div bq_floor_div bq_float_result bq_round bq_round2 bq_floor bq_ceil",
        "sign pow power exp ln log10 countif bq_cast_int64 bq_safe_cast_int64",
        "bq_cast_numeric bq_safe_cast_numeric bq_cast_float64 bq_safe_cast_float64",
    ]
        .join(" ")
        .split(" "),
);

/**
 * Whether a translated operand may be text. A macro names its operand several times and DuckDB binds every
 * name before it folds the type test, so an operand of nested macros (a / b / c) costs its binding that many
 * times over: a number keeps DuckDB's cast.
 */
function mayBeText(value: Json): boolean {
    const kind = kindOf(value);
    if (kind === undefined) return true;
    const data = (value as JsonObject)[kind] as JsonObject;
    if (NUMBER_KINDS.has(kind)) return false;
    if (kind === "literal") return data.literal_type !== "number";
    if (kind === "cast")
        return !/^(DOUBLE|DECIMAL|BIGINT|INTEGER)/i.test(
            String((data.to as JsonObject | undefined)?.name ?? (data.to as JsonObject | undefined)?.data_type ?? ""),
        );
    if (kind === "function") return !NUMBER_FUNCTIONS.has(String(data.name).toLowerCase());
    return true;
}

/** A scalar subquery or EXISTS, in any parentheses. */
function isSubquery(value: Json): boolean {
    const kind = kindOf(value);
    if (kind === "paren") return isSubquery(((value as JsonObject).paren as JsonObject).this);
    return kind === "subquery" || kind === "exists";
}

/** `CAST(value AS type)` or, when `safe`, `SAFE_CAST`. */
export function rewriteCast(value: Json, bigQueryType: string, safe: boolean): Node {
    if (kindOf(value) === "struct" && bigQueryType.startsWith("STRUCT<")) return typedStruct(value as JsonObject, bigQueryType);
    // CAST(NULL AS T) only types the NULL.
    const isNull = isObject(value) && "null" in value;
    // BigQuery casts nothing but JSON to JSON; DuckDB's cast would take text its parser reads (NaN) as a JSON value.
    if (bigQueryType === "JSON" && !isNull) throw new UnsupportedSqlError("CAST to JSON (use PARSE_JSON or TO_JSON)");
    const macro = isNull || (textOnlyMacroTargets.has(bigQueryType) && !mayBeText(value)) ? undefined : macroTargets[bigQueryType];
    // Text to a date or time: DuckDB's special words are not BigQuery dates.
    const check = bigQueryType === "DATE" ? "date_text" : ["DATETIME", "TIMESTAMP"].includes(bigQueryType) ? "datetime_text" : undefined;
    // A macro names its operand several times and DuckDB runs a subquery once per name: evaluated once, then cast.
    if ((macro || check) && isSubquery(value)) {
        return expr(
            "(SELECT $0 FROM (SELECT $1 AS __cast_operand) AS __cast_operands)",
            rewriteCast(expr("__cast_operand"), bigQueryType, safe),
            value,
        );
    }
    if (macro) return expr(`bq_${safe ? "safe_" : ""}cast_${macro}($0)`, value);
    const text = check ? expr(`bq_${safe ? "safe_" : ""}${check}($0)`, value) : value;
    const node = expr(safe ? "TRY_CAST($0 AS INTEGER)" : "CAST($0 AS INTEGER)", text);
    const data = Object.values(node)[0] as Record<string, Json>;
    data.to = duckdbTypeNode(bigQueryType);
    return node;
}

/** STRUCT<a INT64, b STRING>(1, 'x'): each value cast to its field's type, under its field's name. */
function typedStruct(value: JsonObject, bigQueryType: string): Node {
    const values = ((value.struct as JsonObject).fields as Json[][]).map((field) => field[1]);
    const fields = splitTopLevel(bigQueryType.slice("STRUCT<".length, -1)).map((field) => {
        const [, name, type] = /^\s*`?([^`\s]+)`?\s+(.+)$/s.exec(field)!;
        return { name, type };
    });
    if (fields.length !== values.length) throw new UnsupportedSqlError(`STRUCT constructor ${bigQueryType} with ${values.length} values`);
    const text = fields.map((field, index) => `${sqlString(field.name)}: $${index}`).join(", ");
    return expr(`{${text}}`, ...fields.map((field, index) => rewriteCast(values[index], field.type, false)));
}
