import { expr, sqlString, stringLiteral, type Json } from "./ast.ts";
import type { Rewrite } from "./datetime.ts";
import { UnsupportedSqlError } from "../../errors.ts";

/**
 * JSON functions through macros with BigQuery's results: JSON_VALUE gives
 * unquoted text and NULL for objects and arrays; JSON_QUERY gives JSON text.
 */

const member = /^(?:\.([A-Za-z_][A-Za-z0-9_]*)|\.?\[(\d+)\]|\[['"]([^'"\\]+)['"]\]|\."([^"\\]+)")/;

/** A BigQuery JSONPath literal to DuckDB's ($.a.b, $.a[0], $."a b"); other paths are refused. */
export function duckdbJsonPath(path: string, construct: string): string {
    if (!path.startsWith("$")) throw new UnsupportedSqlError(`${construct} path ${path}`);
    let rest = path.slice(1);
    let converted = "$";
    while (rest) {
        const match = member.exec(rest);
        if (!match) throw new UnsupportedSqlError(`${construct} path ${path}`);
        const [, plain, index, bracketed, quoted] = match;
        if (plain !== undefined) converted += `.${plain}`;
        else if (index !== undefined) converted += `[${index}]`;
        else converted += `."${bracketed ?? quoted}"`;
        rest = rest.slice(match[0].length);
    }
    return converted;
}

function withPath(macro: string, construct: string): Rewrite {
    return (args) => {
        const path = args[1] === undefined ? "$" : stringLiteral(args[1]);
        if (path === undefined) throw new UnsupportedSqlError(`${construct} with a non-literal path`);
        return expr(`${macro}($0, ${sqlString(duckdbJsonPath(path, construct))})`, args[0] as Json);
    };
}

export const jsonRewrites: Record<string, Rewrite> = {
    json_value: withPath("bq_json_value", "JSON_VALUE"),
    json_extract_scalar: withPath("bq_json_value", "JSON_EXTRACT_SCALAR"),
    json_query: withPath("bq_json_query", "JSON_QUERY"),
    json_extract: withPath("bq_json_query", "JSON_EXTRACT"),
    json_query_array: withPath("bq_json_query_array", "JSON_QUERY_ARRAY"),
    json_extract_array: withPath("bq_json_query_array", "JSON_EXTRACT_ARRAY"),
    json_value_array: withPath("bq_json_value_array", "JSON_VALUE_ARRAY"),
    json_extract_string_array: withPath("bq_json_value_array", "JSON_EXTRACT_STRING_ARRAY"),
    parse_json: (args) => {
        if (args.length > 1) throw new UnsupportedSqlError("PARSE_JSON with wide_number_mode");
        return expr("bq_parse_json($0)", args[0]);
    },
};
