/** `truth`: generate a data set, load it, run this repository and compare every number of truth.json with the marts. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, Option } from "commander";
import { RunLog } from "../dataform/run-log.ts";
import { DEFAULT_OPTIONS, DEFAULT_RATES, LIMITS } from "../tracking/generator/config.ts";
import { generate } from "../tracking/generator/run.ts";
import { loadDirectory } from "../tracking/load-local.ts";
import { compareWithTruth } from "../tracking/truth-check.ts";
import { formatTableLoad } from "./load.ts";
import { EXIT, wholeNumber } from "./options.ts";
import { formatCount, streamOutput } from "./output.ts";
import { reportedRun } from "./progress.ts";

interface TruthValues {
    seed: number;
    users: number;
    days: number;
}

export function register(program: Command, done: (code: number) => void): void {
    program
        .command("truth")
        .summary("check that the marts show every number of truth.json, on a generated data set")
        .description(
            "Generate a data set (every defect on), load it into an in-memory warehouse, run this repository's graph and compare every number of truth.json that a table shows; exit 1 on any difference or failed action.",
        )
        .addOption(new Option("--seed <n>", "random seed").argParser(wholeNumber(0, 0xffffffff)).default(3))
        .addOption(new Option("--users <n>", "human users").argParser(wholeNumber(1, LIMITS.maxUsers)).default(20_000))
        .addOption(new Option("--days <n>", "simulated days").argParser(wholeNumber(1, LIMITS.maxDays)).default(DEFAULT_OPTIONS.days))
        .addHelpText("after", "\nExample:\n  npm run truth -- --seed 3 --users 20000")
        .action(async (values: TruthValues) => {
            done(await checkTruth(values));
        });
}

async function checkTruth(values: TruthValues): Promise<number> {
    const out = streamOutput();
    const dir = mkdtempSync(join(tmpdir(), "truth-"));
    const [{ DuckDbEngine }, { runProject }] = await Promise.all([
        import("../engines/duckdb/engine.ts"),
        import("../dataform/run-project.ts"),
    ]);
    const engine = await DuckDbEngine.open(":memory:");
    try {
        out.line(`generating seed ${values.seed}, ${formatCount(values.users)} users, ${values.days} days into ${dir}`);
        const { truth } = await generate({ ...values, out: dir, start: DEFAULT_OPTIONS.start, rates: DEFAULT_RATES });
        out.line(`${formatCount(truth.raw_events)} raw events`);
        await loadDirectory(engine, dir, { replace: true, onTable: (load) => out.line(formatTableLoad(load, "raw", out)) });
        const run = reportedRun(out, new RunLog({ command: "truth", project: process.cwd(), warehouse: ":memory:", engine: engine.name }));
        const report = await runProject(".", engine, { ...run.hooks });
        run.finish(report.results);
        const mismatches = await compareWithTruth(engine, truth);
        for (const { key, expected, actual } of mismatches) {
            out.line(out.colors.red(`DIFF ${key}`));
            out.line(`  truth.json: ${JSON.stringify(expected).slice(0, 2000)}`);
            out.line(`  marts:      ${JSON.stringify(actual).slice(0, 2000)}`);
        }
        out.line(
            mismatches.length === 0 ? "the marts show every number of truth.json" : `${mismatches.length} numbers differ from truth.json`,
        );
        return mismatches.length === 0 && report.ok ? EXIT.ok : EXIT.failed;
    } finally {
        await engine.close();
        rmSync(dir, { recursive: true, force: true });
    }
}
