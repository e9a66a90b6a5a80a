import { BIGINT, DuckDBScalarFunction, VARCHAR, type DuckDBConnection, type DuckDBType } from "@duckdb/node-api";
import { bigqueryFingerprint } from "farmhash-modern";
import { prefixJson, strictJson } from "./lenient-json.ts";

/**
 * BigQuery functions that need JavaScript: registered on each DuckDB
 * connection by installBigQueryFunctions(), before the macros that call them.
 */
export function registerDuckDbFunctions(connection: DuckDBConnection): void {
    // FARM_FINGERPRINT: farmhash-modern computes BigQuery's exact signed 64-bit value.
    registerTextFunction(connection, "bq_farm_fingerprint", BIGINT, bigqueryFingerprint);
    // JSON text BigQuery reads leniently (lenient-json.ts); the macros call these only on text DuckDB finds invalid.
    registerTextFunction(connection, "bq_strict_json", VARCHAR, strictJson);
    registerTextFunction(connection, "bq_prefix_json", VARCHAR, prefixJson);
}

/** A scalar function of one STRING argument, NULL in, NULL out. */
function registerTextFunction<T>(connection: DuckDBConnection, name: string, returnType: DuckDBType, compute: (text: string) => T): void {
    connection.registerScalarFunction(
        DuckDBScalarFunction.create({
            name,
            mainFunction: (_info, input, output) => {
                const text = input.getColumnVector(0);
                for (let row = 0; row < input.rowCount; row++) {
                    const value = text.getItem(row);
                    output.setItem(row, value === null ? null : (compute(String(value)) as never));
                }
                output.flush();
            },
            returnType,
            parameterTypes: [VARCHAR],
        }),
    );
}
