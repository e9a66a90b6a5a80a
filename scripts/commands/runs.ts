/** `runs`: the runs recorded beside the warehouse (<warehouse>.runs/), newest first; or one run's actions. */
import { Command } from "commander";
import { readRunRecords, runsFolder, type RunRecord } from "../dataform/run-log.ts";
import { EXIT, jsonOption, UsageError, warehouseOption, wholeNumber } from "./options.ts";
import { formatCount, formatSeconds, streamOutput, type Output } from "./output.ts";
import { shortName } from "./progress.ts";
import { warehousePath } from "./warehouse.ts";

export function register(program: Command, done: (code: number) => void): void {
    program
        .command("runs")
        .summary("the last runs on the warehouse, or one run's actions")
        .description(
            "List the runs recorded beside the warehouse (newest first), or every action of one run: status, start, seconds, rows, error.",
        )
        .argument("[run]", 'a run id from the list, or "last"')
        .addOption(warehouseOption())
        .option("--limit <n>", "how many runs to list", wholeNumber(1), 10)
        .addOption(jsonOption())
        .addHelpText("after", "\nExamples:\n  npm run local -- runs\n  npm run local -- runs last\n  npm run local -- runs last --json")
        .action((id: string | undefined, values: { warehouse?: string; limit: number; json?: boolean }) => {
            const warehouse = warehousePath(values.warehouse);
            const records = readRunRecords(warehouse, id ? Infinity : values.limit);
            const out = streamOutput();
            if (id === undefined) {
                if (values.json)
                    process.stdout.write(
                        `${JSON.stringify(
                            records.map(({ actions: _, ...run }) => run),
                            null,
                            2,
                        )}\n`,
                    );
                else listRuns(records, warehouse, out);
                return done(EXIT.ok);
            }
            const record = id === "last" ? records[0] : records.find((run) => run.id === id);
            if (!record) throw new UsageError(`no run ${id === "last" ? "is" : `"${id}" is`} recorded in ${runsFolder(warehouse)}`);
            if (values.json) process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
            else showRun(record, out);
            done(EXIT.ok);
        });
}

function listRuns(records: RunRecord[], warehouse: string, out: Output): void {
    if (records.length === 0) return out.line(`no runs recorded for ${warehouse} yet (npm run local -- run records one)`);
    for (const run of records) {
        const status = run.ok ? out.colors.green("OK  ") : out.colors.red("FAIL");
        const counts = `${run.counts.succeeded} OK, ${run.counts.failed} failed, ${run.counts.skipped} skipped`;
        out.line(
            `${run.id}  ${status}  ${run.startedAt.replace("T", " ").slice(0, 19)}  ${formatSeconds(run.seconds).padStart(9)}  ${counts.padEnd(30)} ${out.colors.dim(run.command)}`,
        );
    }
}

function showRun(run: RunRecord, out: Output): void {
    out.line(
        `run ${run.id}: ${run.command} (${run.project}), started ${run.startedAt}, ${formatSeconds(run.seconds)}, ${run.ok ? "OK" : "failed"}`,
    );
    const width = Math.max(20, ...run.actions.map((action) => shortName(action.name).length));
    for (const action of run.actions) {
        const rows = action.rows === null ? "" : `${formatCount(action.rows)} rows`;
        out.line(
            `  ${action.status.padEnd(9)} ${shortName(action.name).padEnd(width)} ${action.startedAt.slice(11, 23)} ${formatSeconds(action.seconds).padStart(8)} ${rows.padStart(14)}`,
        );
        if (action.error) out.line(out.colors.red(`            ${action.error.split("\n")[0]}`));
    }
}
