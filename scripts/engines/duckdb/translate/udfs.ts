import { BIGINT, DuckDBScalarFunction, VARCHAR, type DuckDBConnection } from "@duckdb/node-api";
import { bigqueryFingerprint } from "farmhash-modern";

/**
 * BigQuery functions that need JavaScript: registered on each DuckDB
 * connection next to the macros of duckdbMacros().
 */
export function registerDuckDbFunctions(connection: DuckDBConnection): void {
  // FARM_FINGERPRINT: farmhash-modern computes BigQuery's exact signed 64-bit value.
  connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: "bq_farm_fingerprint",
      mainFunction: (_info, input, output) => {
        const text = input.getColumnVector(0);
        for (let row = 0; row < input.rowCount; row++) {
          const value = text.getItem(row);
          output.setItem(row, value === null ? null : bigqueryFingerprint(String(value)));
        }
        output.flush();
      },
      returnType: BIGINT,
      parameterTypes: [VARCHAR],
    }),
  );
}
