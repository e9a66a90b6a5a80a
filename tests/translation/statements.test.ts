import { afterAll, beforeAll, expect, it } from "vitest";
import { statementCases } from "./cases-statements.ts";
import { runStatements, startEngines, type Engines } from "./harness.ts";

// DDL and DML translated and run on DuckDB must leave the tables the oracle computes for the same change.
let engines: Engines;
beforeAll(async () => {
    engines = await startEngines();
});
afterAll(async () => {
    await engines?.close();
});

it.each(statementCases.map((testCase) => [testCase.name, testCase] as const))("%s", async (_name, testCase) => {
    const { expected, actual } = await runStatements(engines, testCase);
    expect(actual).toEqual(expected);
});
