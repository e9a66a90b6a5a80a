import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import { ZetaSql, type TableData } from "../../scripts/engines/zetasql/index.ts";
import type { QueryResult, Row } from "../../scripts/engines/values.ts";

/** One conformance case: a BigQuery query and the tables it reads. */
export interface Case {
    name: string;
    sql: string;
    tables?: TableData[];
}

/** Both engines: the ZetaSQL oracle, and the DuckDB engine (an in-memory warehouse) with its translation. */
export interface Engines {
    zeta: ZetaSql;
    duckdb: DuckDbEngine;
    close(): Promise<void>;
}

export async function startEngines(): Promise<Engines> {
    const [zeta, duckdb] = await Promise.all([ZetaSql.start(), DuckDbEngine.open(":memory:")]);
    return {
        zeta,
        duckdb,
        async close() {
            await duckdb.close();
            await zeta.stop();
        },
    };
}

export async function loadTables(duckdb: DuckDbEngine, tables: TableData[]): Promise<void> {
    for (const table of tables) {
        const [schema, name] = table.name.split(".").slice(-2);
        await duckdb.loadRows({ schema: schema!, name: name! }, table.columns, table.rows);
    }
}

/** True when the outermost query ends in ORDER BY, so row order is part of the answer. */
export function isOrdered(sql: string): boolean {
    return /\border\s+by\b[^()]*(\([^()]*\)[^()]*)*$/i.test(sql.trim());
}

function sortedRows(rows: Row[]): Row[] {
    return [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/** Runs a case on both engines; rows compare in order only when the query orders them. */
export async function runBoth(engines: Engines, testCase: Case): Promise<{ expected: QueryResult; actual: QueryResult }> {
    const tables = testCase.tables ?? [];
    const expected = await engines.zeta.evaluate(testCase.sql, tables);
    await loadTables(engines.duckdb, tables);
    const actual = await engines.duckdb.query(testCase.sql);
    if (isOrdered(testCase.sql)) return { expected, actual };
    return { expected: { ...expected, rows: sortedRows(expected.rows) }, actual: { ...actual, rows: sortedRows(actual.rows) } };
}

/** A script of BigQuery statements for DuckDB, then a query whose result must equal `expected` run on the oracle. */
export interface StatementCase {
    name: string;
    script: string;
    check: string;
    expected: string;
    tables: TableData[];
}

export async function runStatements(engines: Engines, testCase: StatementCase): Promise<{ expected: QueryResult; actual: QueryResult }> {
    const expected = await engines.zeta.evaluate(testCase.expected, testCase.tables);
    await loadTables(engines.duckdb, testCase.tables);
    await engines.duckdb.execute(testCase.script);
    // each case is a script of its own, as each action is
    await engines.duckdb.endScript();
    const actual = await engines.duckdb.query(testCase.check);
    return { expected: { ...expected, rows: sortedRows(expected.rows) }, actual: { ...actual, rows: sortedRows(actual.rows) } };
}
