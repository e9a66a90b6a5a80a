/** `npm run fuzz -- --cases N --seed S`: the differential fuzzer on demand; exits 1 on any difference. */
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import { ZetaSql } from "../../scripts/engines/zetasql/index.ts";
import { formatReport, fuzz, loadFuzzTable } from "./fuzz.ts";

function option(name: string, fallback: number): number {
    const index = process.argv.indexOf(`--${name}`);
    if (index === -1) return fallback;
    const value = Number(process.argv[index + 1]);
    if (!Number.isInteger(value)) throw new Error(`--${name} takes an integer`);
    return value;
}

const cases = option("cases", 10_000);
const seed = option("seed", Date.now() % 1_000_000);
const [zeta, duckdb] = await Promise.all([ZetaSql.start(), DuckDbEngine.open(":memory:")]);
try {
    await loadFuzzTable(duckdb);
    const started = performance.now();
    const report = await fuzz(zeta, duckdb, { cases, seed });
    console.log(formatReport(report, seed));
    console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
    process.exitCode = report.different > 0 ? 1 : 0;
} finally {
    await duckdb.close();
    await zeta.stop();
}
