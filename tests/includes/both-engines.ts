import { beforeAll } from "vitest";
import type { QueryResult, SqlValue } from "../../scripts/engines/values.ts";
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

/**
 * Evaluates one SQL expression on a row per example (its STRING `columns`,
 * NULL where the example has no value) on both engines, as
 * useQueryOnBothEngines does; returns a getter for the values, in the order of
 * the examples.
 */
export function useExpressionOnExamples(
    name: string,
    expressionSql: string,
    columns: readonly string[],
    examples: readonly Partial<Record<string, string>>[],
): () => { zetasql: SqlValue[]; duckdb: SqlValue[] } {
    const literal = (value: string | undefined) => (value === undefined ? "cast(null as string)" : `'${value}'`);
    const rows = examples.map(
        (example, i) => `struct(${i} as example, ${columns.map((column) => `${literal(example[column])} as ${column}`).join(", ")})`,
    );
    const sql = `select example, ${expressionSql} as value\nfrom unnest([\n    ${rows.join(",\n    ")}\n])\norder by example`;
    const results = useQueryOnBothEngines(name, sql);
    const values = (result: QueryResult) => result.rows.map((row) => row.value ?? null);
    return () => ({ zetasql: values(results().zetasql), duckdb: values(results().duckdb) });
}
