import { DuckDbEngine, warehousePath } from "../engines/duckdb/engine.ts";
import { demoSummary, DEMO_DIR, DEMO_SIZE, runDemo } from "../tracking/demo.ts";
import { parseCommandArgs } from "./args.ts";
import { formatResult, formatRows, formatSummary } from "./progress.ts";

const USAGE = `usage: npm run demo [-- --warehouse FILE]
Generates ${DEMO_SIZE.days} days of traffic for ${DEMO_SIZE.users} users into ${DEMO_DIR}, loads it into the
local warehouse, runs this repository's whole graph on it and prints a summary of the marts.`;

export async function main(argv: string[]): Promise<number> {
    const args = parseCommandArgs(argv, USAGE, { warehouse: { type: "string" } });
    if (!args) return 0;
    const started = performance.now();
    const engine = await DuckDbEngine.open(warehousePath(args.values.warehouse));
    try {
        console.log(`warehouse ${engine.path}`);
        const report = await runDemo(engine, {
            print: (line) => console.log(line),
            onActionEnd: (result) => console.log(formatResult(result)),
        });
        console.log(formatSummary(report.results, (performance.now() - started) / 1000));
        for (const { title, result } of await demoSummary(engine)) console.log(`\n${title}\n${formatRows(result.rows, "  ")}`);
        console.log(`\nExplore: npm run local -- query "select * from marts.fct_sessions limit 10"`);
        return report.ok ? 0 : 1;
    } finally {
        await engine.close();
    }
}
