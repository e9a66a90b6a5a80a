import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZetaSqlEngine } from "../../scripts/engines/zetasql/engine.ts";
import { constructCases, documentedCases, exactFormCases, scriptingCases } from "./cases-constructs.ts";
import { events } from "./fixtures.ts";
import { loadTables, runBoth, runStatements, startEngines, type Engines } from "./harness.ts";

// Issue 14's constructs: each on the ZetaSQL oracle and on DuckDB, or against BigQuery's documented results.
let engines: Engines;
beforeAll(async () => {
    engines = await startEngines();
});
afterAll(async () => {
    await engines?.close();
});

describe("constructs equal on both engines", () => {
    it.each(constructCases.map((testCase) => [testCase.name, testCase] as const))("%s", async (_name, testCase) => {
        const { expected, actual } = await runBoth(engines, testCase);
        expect(actual).toEqual(expected);
    });
});

describe("functions the oracle lacks, against BigQuery's documented results", () => {
    it.each(documentedCases.map((testCase) => [testCase.name, testCase] as const))("%s", async (_name, testCase) => {
        expect((await engines.duckdb.query(testCase.sql)).rows).toEqual(testCase.expected);
    });

    it.each(exactFormCases.map((testCase) => [testCase.name, testCase] as const))("%s", async (_name, testCase) => {
        await loadTables(engines.duckdb, [events]);
        const exact = await engines.zeta.evaluate(testCase.exact, [events]);
        expect((await engines.duckdb.query(testCase.sql)).rows).toEqual(exact.rows);
    });
});

describe("scripting", () => {
    it.each(scriptingCases.map((testCase) => [testCase.name, testCase] as const))("%s, on DuckDB", async (_name, testCase) => {
        const { expected, actual } = await runStatements(engines, testCase);
        expect(actual).toEqual(expected);
    });

    it.each(scriptingCases.map((testCase) => [testCase.name, testCase] as const))("%s, on the ZetaSQL engine", async (_name, testCase) => {
        const engine = await ZetaSqlEngine.open({ zetaSql: engines.zeta });
        await engine.createSchemaIfNotExists(undefined, "fixture");
        for (const table of testCase.tables)
            await engine.loadRows({ schema: "fixture", name: table.name.split(".").at(-1)! }, table.columns, table.rows);
        await engine.execute(testCase.script);
        const actual = await engine.query(testCase.check);
        const expected = await engines.zeta.evaluate(testCase.expected, testCase.tables);
        const sorted = (rows: object[]) => rows.map((row) => JSON.stringify(row)).sort();
        expect(sorted(actual.rows)).toEqual(sorted(expected.rows));
        await engine.close();
    });

    it("reports local no-ops as notes of the script", async () => {
        await engines.duckdb.execute("set @@query_label = 'a:b'; alter table fixture.events set options (description = 'x')");
        expect(await engines.duckdb.endScript()).toEqual([
            "SET @@query_label: a job setting with no local effect",
            "ALTER TABLE ... SET OPTIONS: table options have no local effect",
        ]);
    });

    it("raises RAISE's message and a failed ASSERT's description", async () => {
        await expect(engines.duckdb.execute("raise using message = concat('no ', 'rows')")).rejects.toThrow("no rows");
        await expect(engines.duckdb.execute("assert 1 > 2 as 'one is not more than two'")).rejects.toThrow("one is not more than two");
        await engines.duckdb.endScript();
    });
});
