import { beforeAll } from "vitest";
import type { QueryResult } from "../../scripts/engines/values.ts";
import { runBoth, startEngines } from "../translation/harness.ts";

/** A query's result on the ZetaSQL reference evaluator (BigQuery's semantics) and, translated, on DuckDB. */
export interface BothResults {
    zetasql: QueryResult;
    duckdb: QueryResult;
}

/**
 * Runs one BigQuery query (reading no tables) on both engines once, before
 * the test file's tests, then stops them; returns a getter for the results.
 */
export function useQueryOnBothEngines(name: string, sql: string): () => BothResults {
    let results: BothResults | undefined;
    beforeAll(async () => {
        const engines = await startEngines();
        try {
            const { expected, actual } = await runBoth(engines, { name, sql });
            results = { zetasql: expected, duckdb: actual };
        } finally {
            await engines.close();
        }
    });
    return () => {
        if (!results) throw new Error(`${name}: the query did not run on both engines`);
        return results;
    };
}
