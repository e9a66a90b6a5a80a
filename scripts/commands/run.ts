import { resolve } from "node:path";
import { DuckDbEngine, warehousePath } from "../engines/duckdb/engine.ts";
import { runProject } from "../executor/run-project.ts";
import { listOption, parseCommandArgs, varsOption } from "./args.ts";
import { formatResult, formatSummary } from "./progress.ts";

const USAGE = `usage: npm run local -- run [--full-refresh] [--actions a,b] [--tags t] [--include-deps]
                           [--include-dependents] [--vars k=v,k2=v2] [--warehouse FILE] [--project DIR]
Compiles the Dataform project (default: this repository) and runs it on the local DuckDB warehouse.`;

export async function main(argv: string[]): Promise<number> {
    const args = parseCommandArgs(argv, USAGE, {
        "full-refresh": { type: "boolean" },
        actions: { type: "string", multiple: true },
        tags: { type: "string", multiple: true },
        "include-deps": { type: "boolean" },
        "include-dependents": { type: "boolean" },
        vars: { type: "string", multiple: true },
        warehouse: { type: "string" },
        project: { type: "string" },
    });
    if (!args) return 0;
    const { values } = args;
    const projectDir = resolve(values.project ?? ".");
    const started = performance.now();
    console.log(`Compiling ${projectDir} ...`);
    const engine = await DuckDbEngine.open(warehousePath(values.warehouse));
    try {
        const report = await runProject(projectDir, engine, {
            fullRefresh: values["full-refresh"],
            actions: listOption(values.actions),
            tags: listOption(values.tags),
            includeDeps: values["include-deps"],
            includeDependents: values["include-dependents"],
            vars: varsOption(values.vars),
            // On a terminal, show what is running now; the finished line replaces it.
            onActionStart: (action) => process.stdout.isTTY && process.stdout.write(`  .. ${action.kind} ${action.name}`),
            onActionEnd: (result) => console.log(`${process.stdout.isTTY ? "\r\u001b[K" : ""}${formatResult(result)}`),
        });
        console.log(formatSummary(report.results, (performance.now() - started) / 1000));
        return report.ok ? 0 : 1;
    } finally {
        await engine.close();
    }
}
