import { resolve } from "node:path";
import { compileProject } from "../dataform/compile.ts";
import { copyDeclaredInputs } from "../dataform/copy-inputs.ts";
import { runProject } from "../dataform/run-project.ts";
import { DuckDbEngine, warehousePath } from "../engines/duckdb/engine.ts";
import type { Engine } from "../engines/engine.ts";
import { ZetaSqlEngine } from "../engines/zetasql/engine.ts";
import { listOption, parseCommandArgs, UsageError, varsOption } from "./args.ts";
import { formatResult, formatSummary } from "./progress.ts";

const USAGE = `usage: npm run local -- run [--full-refresh] [--actions a,b] [--tags t] [--include-deps]
                           [--include-dependents] [--vars k=v,k2=v2] [--warehouse FILE] [--project DIR]
                           [--engine duckdb|zetasql]
Compiles the Dataform project (default: this repository) and runs it on the local DuckDB warehouse.
--engine zetasql runs it on the ZetaSQL reference evaluator instead, in memory: the declared inputs
are read from the warehouse file and nothing is written back (for small data: checking a model
against BigQuery's own semantics).`;

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
        engine: { type: "string", default: "duckdb" },
    });
    if (!args) return 0;
    const { values } = args;
    if (values.engine !== "duckdb" && values.engine !== "zetasql") throw new UsageError(`--engine must be duckdb or zetasql\n${USAGE}`);
    const projectDir = resolve(values.project ?? ".");
    const started = performance.now();
    console.log(`Compiling ${projectDir} ...`);
    const graph = await compileProject(projectDir, { vars: varsOption(values.vars) });
    const warehouse = await DuckDbEngine.open(warehousePath(values.warehouse));
    let engine: Engine = warehouse;
    try {
        if (values.engine === "zetasql") {
            engine = await ZetaSqlEngine.open();
            const copied = await copyDeclaredInputs(graph, warehouse, engine);
            console.log(`ZetaSQL reference evaluator, in memory; inputs from ${warehouse.path}: ${copied.join(", ") || "none"}`);
        }
        const report = await runProject(projectDir, engine, {
            graph,
            fullRefresh: values["full-refresh"],
            actions: listOption(values.actions),
            tags: listOption(values.tags),
            includeDeps: values["include-deps"],
            includeDependents: values["include-dependents"],
            // On a terminal, show what is running now; the finished line replaces it.
            onActionStart: (action) => process.stdout.isTTY && process.stdout.write(`  .. ${action.kind} ${action.name}`),
            onActionEnd: (result) => console.log(`${process.stdout.isTTY ? "\r\u001b[K" : ""}${formatResult(result)}`),
        });
        console.log(formatSummary(report.results, (performance.now() - started) / 1000));
        return report.ok ? 0 : 1;
    } finally {
        if (engine !== warehouse) await engine.close();
        await warehouse.close();
    }
}
