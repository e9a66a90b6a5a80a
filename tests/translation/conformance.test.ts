import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coreCases } from "./cases-core.ts";
import { datetimeCases } from "./cases-datetime.ts";
import { errorCases } from "./cases-errors.ts";
import { semistructuredCases } from "./cases-semistructured.ts";
import { windowCases } from "./cases-windows.ts";
import { runBoth, startEngines, type Engines } from "./harness.ts";

// Each case runs as written on the ZetaSQL oracle and, translated, on DuckDB; the canonical results must be equal.
let engines: Engines;
beforeAll(async () => {
    engines = await startEngines();
});
afterAll(async () => {
    await engines?.close();
});

const groups = { core: coreCases, datetime: datetimeCases, semistructured: semistructuredCases, windows: windowCases };

for (const [group, cases] of Object.entries(groups)) {
    describe(group, () => {
        it.each(cases.map((testCase) => [testCase.name, testCase] as const))("%s", async (_name, testCase) => {
            const { expected, actual } = await runBoth(engines, testCase);
            expect(actual).toEqual(expected);
        });
    });
}

describe("errors on both engines", () => {
    it.each(errorCases.map((testCase) => [testCase.name, testCase] as const))("%s", async (_name, testCase) => {
        await expect(engines.zeta.evaluate(testCase.sql, [])).rejects.toThrow();
        // A run-time error, not a translation that DuckDB cannot even bind (DuckDB's own error is the cause of the user's).
        const failure = await engines.duckdb.query(testCase.sql).then(
            () => undefined,
            (error: Error) => error,
        );
        expect((failure?.cause as Error | undefined)?.message).toMatch(/^(Invalid Input|Conversion|Out of Range) Error/);
    });
});
