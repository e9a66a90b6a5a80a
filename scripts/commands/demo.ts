/** `demo` (npm run demo): generate, load and run this repository on a fresh week of traffic; print a summary of the marts. */
import { Command } from "commander";
import { RunLog } from "../dataform/run-log.ts";
import { demoSummary, DEMO_DIR, DEMO_SIZE, runDemo } from "../tracking/demo.ts";
import { formatTableLoad } from "./load.ts";
import { EXIT, warehouseOption } from "./options.ts";
import { streamOutput } from "./output.ts";
import { formatRows, reportedRun } from "./progress.ts";
import { openWarehouse, warehousePath } from "./warehouse.ts";

export function register(program: Command, done: (code: number) => void): void {
    program
        .command("demo")
        .summary("generate + load + run a week of traffic; summary of the marts")
        .description(
            `Generate ${DEMO_SIZE.days} days of traffic for ${DEMO_SIZE.users} users into ${DEMO_DIR}, load it, run this repository's whole graph on it and print a summary of the marts.`,
        )
        .addOption(warehouseOption())
        .addHelpText("after", "\nExample:\n  npm run demo                 then: npm run local -- report --out .local/report")
        .action(async (values: { warehouse?: string }) => {
            done(await demo(values.warehouse));
        });
}

async function demo(warehouseFlag: string | undefined): Promise<number> {
    const out = streamOutput();
    const engine = await openWarehouse(warehousePath(warehouseFlag), "write");
    try {
        out.line(`warehouse ${engine.path}`);
        const run = reportedRun(out, new RunLog({ command: "demo", project: process.cwd(), warehouse: engine.path, engine: engine.name }));
        const report = await runDemo(engine, {
            print: (line) => out.line(line),
            onTable: (load) => out.line(formatTableLoad(load, "raw", out)),
            ...run.hooks,
        });
        run.finish(report.results, engine.path);
        for (const { title, result } of await demoSummary(engine)) out.line(`\n${title}\n${formatRows(result.rows, "  ")}`);
        out.line(
            `\nExplore: npm run local -- ls, npm run local -- query "select * from marts.fct_sessions limit 10", npm run local -- report --out .local/report`,
        );
        return report.ok ? EXIT.ok : EXIT.failed;
    } finally {
        await engine.close();
    }
}
