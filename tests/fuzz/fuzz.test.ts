import { afterAll, beforeAll, expect, it } from "vitest";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import { ZetaSql } from "../../scripts/engines/zetasql/index.ts";
import { formatReport, fuzz, loadFuzzTable } from "./fuzz.ts";

// The differential fuzzer in CI: a fixed seed, a few thousand cases; `npm run fuzz -- --cases N --seed S` runs more.
const CASES = Number(process.env.FUZZ_CASES ?? 2500);
const SEED = Number(process.env.FUZZ_SEED ?? 20240229);

let zeta: ZetaSql;
let duckdb: DuckDbEngine;
beforeAll(async () => {
    [zeta, duckdb] = await Promise.all([ZetaSql.start(), DuckDbEngine.open(":memory:")]);
    await loadFuzzTable(duckdb);
});
afterAll(async () => {
    await duckdb?.close();
    await zeta?.stop();
});

it(`finds no difference between DuckDB and the ZetaSQL reference in ${CASES} generated cases`, async () => {
    const report = await fuzz(zeta, duckdb, { cases: CASES, seed: SEED });
    console.log(formatReport(report, SEED));
    expect(report.cases).toBe(CASES);
    // Most cases must be answered, or the fuzzer measures nothing.
    expect(report.equal).toBeGreaterThan(CASES * 0.75);
    expect(report.differences.map((difference) => `seed ${difference.seed}: ${difference.sql}\n${difference.detail}`)).toEqual([]);
}, 600_000);
