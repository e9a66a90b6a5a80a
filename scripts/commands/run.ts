/** `run`: compile a Dataform project and run it on the local warehouse, a progress line per action. */
import { existsSync } from "node:fs";
import { Command, Option } from "commander";
import type { CompiledGraph } from "../dataform/graph.ts";
import { compileProject } from "../dataform/compile.ts";
import type { PlannedAction } from "../dataform/run-project.ts";
import { RunLog, type RunRecord } from "../dataform/run-log.ts";
import type { Engine } from "../engines/engine.ts";
import { EXIT, jsonOption, projectOption, selectionOptions, varsOption, warehouseOption, type SelectionValues } from "./options.ts";
import { formatSeconds, streamOutput, type Output } from "./output.ts";
import { formatProfile, reportedRun, shortName } from "./progress.ts";
import { openWarehouse, warehousePath } from "./warehouse.ts";

interface RunValues extends SelectionValues {
    project: string;
    warehouse?: string;
    vars: Record<string, string>;
    fullRefresh?: boolean;
    dryRun?: boolean;
    json?: boolean;
    engine: "duckdb" | "zetasql";
    profile?: boolean;
}

export function register(program: Command, done: (code: number) => void): void {
    const command = program
        .command("run")
        .summary("compile and run a Dataform project on the local warehouse")
        .description("Compile a Dataform project and run it on the local DuckDB warehouse, as `dataform run` runs it on BigQuery.")
        .addOption(projectOption())
        .addOption(warehouseOption());
    for (const option of selectionOptions()) command.addOption(option);
    command
        .option("--full-refresh", "rebuild incremental tables from scratch (protected ones excepted)")
        .addOption(varsOption())
        .option("--dry-run", "print what would run, in order, and run nothing")
        .option(
            "--profile",
            "after the run, print each action's seconds, rows written, and rows and bytes read from each table (DuckDB's profiler)",
        )
        .addOption(jsonOption())
        .addOption(
            new Option("--engine <name>", "zetasql: run in memory on the ZetaSQL reference evaluator, inputs read from the warehouse")
                .choices(["duckdb", "zetasql"])
                .default("duckdb"),
        )
        .addHelpText(
            "after",
            `
Examples:
  npm run local -- run                                   the whole project
  npm run local -- run --actions "mart_*" --include-deps the marts and everything they read
  npm run local -- run --tags daily --exclude "assert_*" --dry-run
  npm run local -- run --full-refresh --vars reporting_currency=EUR --json > run.json
  npm run local -- run --profile                         where the time goes, and what each action reads

Each finished action prints a line ([n/total] status dataset.name rows seconds kind); a results
file per run is kept in <warehouse>.runs/ (see the runs command). Exit code 1 when an action fails.`,
        )
        .action(async (values: RunValues) => {
            done(await run(values));
        });
}

async function run(values: RunValues): Promise<number> {
    // With --json, stdout carries only the JSON document; the progress lines go to stderr.
    const out = streamOutput(values.json ? process.stderr : process.stdout);
    const path = warehousePath(values.warehouse);
    if (values.dryRun) return dryRun(values, path, out);
    if (values.engine === "zetasql") return runOnZetaSql(values, path, out);
    // The warehouse is opened before compiling, so a warehouse in use stops the run at once.
    const warehouse = await openWarehouse(path, "write", { profile: values.profile });
    try {
        const graph = await compile(values, out);
        const record = await runWithProgress(graph, warehouse, values, out, { warehouse: path, save: true });
        if (values.profile) out.line(formatProfile(record.actions, out));
        if (values.json) process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
        return record.ok ? EXIT.ok : EXIT.failed;
    } finally {
        await warehouse.close();
    }
}

/** In memory on the reference evaluator: the declared inputs are copied from the warehouse when there is one; nothing is written back. */
async function runOnZetaSql(values: RunValues, path: string, out: Output): Promise<number> {
    const { ZetaSqlEngine } = await import("../engines/zetasql/engine.ts");
    const { copyDeclaredInputs } = await import("../dataform/copy-inputs.ts");
    const warehouse = existsSync(path) ? await openWarehouse(path, "read") : undefined;
    const engine = await ZetaSqlEngine.open();
    try {
        const graph = await compile(values, out);
        const copied = warehouse ? await copyDeclaredInputs(graph, warehouse, engine) : [];
        out.line(`ZetaSQL reference evaluator, in memory; inputs from ${path}: ${copied.join(", ") || "none"}`);
        const record = await runWithProgress(graph, engine, values, out, { warehouse: path, save: false });
        if (values.json) process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
        return record.ok ? EXIT.ok : EXIT.failed;
    } finally {
        await engine.close();
        await warehouse?.close();
    }
}

/** Says it is compiling, compiles, says what it found. */
export async function compile(values: { project: string; vars: Record<string, string> }, out: Output): Promise<CompiledGraph> {
    const started = performance.now();
    out.status(`compiling ${values.project} ...`);
    if (!out.live) out.line(`compiling ${values.project} ...`);
    const graph = await compileProject(values.project, { vars: values.vars });
    const count = (graph.tables?.length ?? 0) + (graph.operations?.length ?? 0) + (graph.assertions?.length ?? 0);
    const tests = graph.tests?.length ? `, ${graph.tests.length} unit tests` : "";
    out.line(`compiled ${values.project}: ${count} actions${tests} in ${formatSeconds((performance.now() - started) / 1000)}`);
    return graph;
}

/** Runs the selected actions with a progress line each and a summary; saves the run's results file when asked. */
export async function runWithProgress(
    graph: CompiledGraph,
    engine: Engine,
    values: SelectionValues & { project: string; fullRefresh?: boolean },
    out: Output,
    recording: { warehouse: string; save: boolean },
): Promise<RunRecord & { file?: string }> {
    const run = reportedRun(
        out,
        new RunLog({
            command: process.argv.slice(2).join(" "),
            project: values.project,
            warehouse: recording.warehouse,
            engine: engine.name,
        }),
    );
    const { runProject } = await import("../dataform/run-project.ts");
    const report = await runProject(values.project, engine, { ...values, graph, ...run.hooks });
    // A profiled run's reads get their bytes once it is over, not to slow the actions it times.
    await engine.estimateReadBytes?.(report.results.flatMap((result) => result.reads ?? []));
    return run.finish(report.results, recording.save ? recording.warehouse : undefined);
}

async function dryRun(values: RunValues, path: string, out: Output): Promise<number> {
    const graph = await compile(values, out);
    // An existing warehouse tells which incremental tables would be written into rather than rebuilt.
    const warehouse = existsSync(path) ? await openWarehouse(path, "read") : undefined;
    let planned: PlannedAction[];
    try {
        const { planRun } = await import("../dataform/run-project.ts");
        planned = await planRun(graph, values, warehouse);
    } finally {
        await warehouse?.close();
    }
    const how = ({ action, incremental }: PlannedAction) =>
        action.disabled
            ? "disabled"
            : incremental === undefined
              ? action.kind
              : incremental
                ? "incremental: insert/merge into the table"
                : "incremental: full build";
    if (values.json) {
        const actions = planned.map((plan) => ({
            name: plan.action.name,
            kind: plan.action.kind,
            how: how(plan),
            dependencies: plan.action.dependencies,
            fileName: plan.action.fileName ?? null,
        }));
        process.stdout.write(`${JSON.stringify({ dryRun: true, project: values.project, warehouse: path, actions }, null, 2)}\n`);
    }
    const digits = String(planned.length).length;
    planned.forEach((plan, index) =>
        out.line(
            `[${String(index + 1).padStart(digits)}/${planned.length}] ${shortName(plan.action.name).padEnd(48)} ${out.colors.dim(how(plan))}`,
        ),
    );
    out.line(
        `dry run: ${planned.length} actions would run${warehouse ? "" : ` (no warehouse at ${path} yet: every table would be built)`}; nothing was run`,
    );
    return EXIT.ok;
}
