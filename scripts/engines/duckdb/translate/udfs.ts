import { BIGINT, BLOB, BOOLEAN, DuckDBScalarFunction, VARCHAR, type DuckDBConnection, type DuckDBType } from "@duckdb/node-api";
import { bigqueryFingerprint } from "farmhash-modern";
import { prefixJson, strictJson } from "./lenient-json.ts";
import { netHost } from "./net.ts";
import { isStrictJson } from "./strict-json.ts";
import { bigQueryJsonText, caseFolded, jsonEncodable, utf8WithReplacements } from "./text.ts";

/**
 * BigQuery functions that need JavaScript: registered on each DuckDB
 * connection by installBigQueryFunctions(), before the macros that call them.
 */
export function registerDuckDbFunctions(connection: DuckDBConnection): void {
    // FARM_FINGERPRINT: farmhash-modern computes BigQuery's exact signed 64-bit value.
    registerFunction(connection, "bq_farm_fingerprint", [VARCHAR], BIGINT, ([text]) => bigqueryFingerprint(String(text)));
    // JSON text BigQuery reads leniently (lenient-json.ts); the macros call these only on text DuckDB finds invalid.
    registerFunction(connection, "bq_strict_json", [VARCHAR], VARCHAR, ([text]) => strictJson(String(text)));
    registerFunction(connection, "bq_prefix_json", [VARCHAR], VARCHAR, ([text]) => prefixJson(String(text)));
    // PARSE_JSON's strict reading (strict-json.ts), for the text the macro cannot leave to DuckDB's parser.
    registerFunction(connection, "bq_is_strict_json", [VARCHAR], BOOLEAN, ([text]) => isStrictJson(String(text)));
    registerFunction(connection, "bq_net_host", [VARCHAR], VARCHAR, ([url]) => netHost(String(url)));
    registerFunction(connection, "bq_contains_substr", [VARCHAR, VARCHAR], BOOLEAN, ([text, search]) =>
        caseFolded(String(text)).includes(caseFolded(String(search))),
    );
    // Full Unicode case mapping (ß -> SS, İ -> i̇, final sigma), for the text DuckDB's simple mapping gets wrong.
    registerFunction(connection, "bq_full_upper", [VARCHAR], VARCHAR, ([text]) => String(text).toUpperCase());
    registerFunction(connection, "bq_full_lower", [VARCHAR], VARCHAR, ([text]) => String(text).toLowerCase());
    registerFunction(connection, "bq_json_encodable", [VARCHAR], BOOLEAN, ([type]) => jsonEncodable(String(type)));
    registerFunction(connection, "bq_json_text_fix", [VARCHAR], VARCHAR, ([text]) => bigQueryJsonText(String(text)));
    registerFunction(connection, "bq_safe_convert_bytes_to_string", [BLOB], VARCHAR, ([bytes]) =>
        utf8WithReplacements((bytes as { bytes: Uint8Array }).bytes),
    );
}

/** A scalar function: NULL when any argument is NULL, else `compute` of the arguments. */
function registerFunction(
    connection: DuckDBConnection,
    name: string,
    parameterTypes: DuckDBType[],
    returnType: DuckDBType,
    compute: (args: unknown[]) => unknown,
): void {
    connection.registerScalarFunction(
        DuckDBScalarFunction.create({
            name,
            mainFunction: (_info, input, output) => {
                const columns = parameterTypes.map((_, index) => input.getColumnVector(index));
                for (let row = 0; row < input.rowCount; row++) {
                    const args = columns.map((column) => column.getItem(row));
                    output.setItem(row, args.some((value) => value === null) ? null : (compute(args) as never));
                }
                output.flush();
            },
            returnType,
            parameterTypes,
        }),
    );
}
