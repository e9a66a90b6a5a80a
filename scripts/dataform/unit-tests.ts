/**
 * Dataform unit tests (`type: "test"`), run on an engine as `dataform test`
 * runs them on BigQuery (@dataform/cli 3.0.x, `runTest`): both queries run;
 * the test fails on an error, on a different row count, on different column
 * names (compared case-insensitively, in any order), or on a cell whose value
 * differs in null-ness, in the JavaScript type BigQuery's client gives it
 * (INT64 and FLOAT64 are numbers, NUMERIC, dates and timestamps objects,
 * STRING strings, BOOL booleans), or in value.
 *
 * One difference, on purpose: Dataform pairs row i with row i in the order
 * the queries return them, which neither BigQuery nor DuckDB fixes without
 * an ORDER BY. Here both sides are sorted first, so a test does not pass or
 * fail by chance; when the rows only match once sorted, the result says so
 * (`note`), since `dataform test` on BigQuery may then fail.
 */
import type { Engine } from "../engines/engine.ts";
import type { Column, QueryResult, SqlValue } from "../engines/values.ts";
import type { CompiledTest } from "./graph.ts";

export interface UnitTestResult {
    name: string;
    fileName?: string;
    status: "passed" | "failed" | "disabled";
    seconds: number;
    /** Why it failed, in Dataform's words. */
    messages: string[];
    note?: string;
}

export interface UnitTestOptions {
    onTestEnd?: (result: UnitTestResult) => void;
}

export async function runUnitTests(engine: Engine, tests: CompiledTest[], options: UnitTestOptions = {}): Promise<UnitTestResult[]> {
    const results: UnitTestResult[] = [];
    for (const test of tests) {
        const result = test.disabled
            ? { name: test.name, fileName: test.fileName, status: "disabled" as const, seconds: 0, messages: [] }
            : await runUnitTest(engine, test);
        options.onTestEnd?.(result);
        results.push(result);
    }
    return results;
}

async function runUnitTest(engine: Engine, test: CompiledTest): Promise<UnitTestResult> {
    const started = performance.now();
    const done = (messages: string[], note?: string): UnitTestResult => ({
        name: test.name,
        fileName: test.fileName,
        status: messages.length ? "failed" : "passed",
        seconds: (performance.now() - started) / 1000,
        messages,
        ...(note ? { note } : {}),
    });
    let actual: QueryResult;
    let expected: QueryResult;
    try {
        actual = await engine.query(test.testQuery);
        expected = await engine.query(test.expectedOutputQuery);
    } catch (error) {
        return done([`Error thrown: ${(error as Error).message}.`]);
    }
    const inOrder = compareResults(actual, expected);
    if (inOrder.length === 0) return done([]);
    const sorted = compareResults(sortedResult(actual), sortedResult(expected));
    if (sorted.length > 0) return done(sorted);
    return done([], "rows match only once sorted: `dataform test` compares them in the order BigQuery returns them");
}

/** Dataform's comparison of the model's rows with the expected rows; its messages, none when they are equal. */
export function compareResults(actual: QueryResult, expected: QueryResult): string[] {
    if (actual.rows.length !== expected.rows.length) {
        return [`Expected ${expected.rows.length} rows, but saw ${actual.rows.length} rows.`];
    }
    if (actual.rows.length === 0) return [];
    const actualNames = actual.columns.map((column) => column.name);
    const expectedNames = expected.columns.map((column) => column.name);
    const sameColumns =
        actualNames.length === expectedNames.length &&
        expectedNames.every((name) => actualNames.some((other) => other.toUpperCase() === name.toUpperCase()));
    if (!sameColumns) return [`Expected columns "${expectedNames}", but saw "${actualNames}".`];

    const messages: string[] = [];
    actual.rows.forEach((actualRow, index) => {
        for (const column of actual.columns) {
            const expectedColumn = expected.columns.find((other) => other.name.toUpperCase() === column.name.toUpperCase())!;
            const actualValue = actualRow[column.name];
            const expectedValue = expected.rows[index][expectedColumn.name];
            const at = `For row ${index} and column "${column.name}"`;
            if (expectedValue === null && actualValue !== null) {
                messages.push(`${at}: expected null, but saw "${display(actualValue)}".`);
                break;
            }
            if (expectedValue !== null && actualValue === null) {
                messages.push(`${at}: expected "${display(expectedValue)}", but saw null.`);
                break;
            }
            if (actualValue === null) continue;
            const [actualType, expectedType] = [clientType(column), clientType(expectedColumn)];
            if (actualType !== expectedType) {
                messages.push(
                    `${at}: expected type "${expectedType}" (${expectedColumn.type}), but saw type "${actualType}" (${column.type}).`,
                );
                break;
            }
            if (comparable(actualValue, column) !== comparable(expectedValue, expectedColumn)) {
                messages.push(`${at}: expected "${display(expectedValue)}", but saw "${display(actualValue)}".`);
            }
        }
    });
    return messages;
}

/** The JavaScript type of a value of this BigQuery type as BigQuery's Node.js client returns it, which Dataform compares. */
function clientType(column: Column): "number" | "string" | "boolean" | "object" {
    const type = column.type.toUpperCase();
    if (type === "INT64" || type === "FLOAT64") return "number";
    if (type === "STRING" || type === "JSON") return "string";
    if (type === "BOOL") return "boolean";
    return "object";
}

/** Numbers compare as numbers (INT64 3 equals FLOAT64 3.0, as in JavaScript); everything else by its canonical text. */
function comparable(value: SqlValue, column: Column): string | number {
    return clientType(column) === "number" ? Number(value) : display(value);
}

function display(value: SqlValue): string {
    return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

function sortedResult(result: QueryResult): QueryResult {
    const names = [...result.columns.map((column) => column.name)].sort((a, b) => a.toUpperCase().localeCompare(b.toUpperCase()));
    const key = (row: QueryResult["rows"][number]) => JSON.stringify(names.map((name) => row[name]));
    return { columns: result.columns, rows: [...result.rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)) };
}
