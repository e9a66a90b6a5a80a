/**
 * What a run prints: a line per finished action (`[12/74] OK   staging.stg_events  26,526 rows  0.41 s`),
 * on a terminal the running action with its elapsed time, and a summary with
 * counts by status and the slowest actions.
 */
import type { RunAction } from "../dataform/actions.ts";
import type { ActionResult, ActionStatus, ExecuteOptions } from "../dataform/execute.ts";
import { saveRunRecord, totalBytesRead, totalRowsRead, type ActionRecord, type RunLog, type RunRecord } from "../dataform/run-log.ts";
import type { TableRead } from "../engines/engine.ts";
import type { Row } from "../engines/values.ts";
import { formatCount, formatSeconds, formatSize, type Output } from "./output.ts";

const LABEL: Record<ActionStatus, string> = { succeeded: "OK", failed: "FAIL", skipped: "SKIP", disabled: "OFF" };

/** `dataset.name`: the project is the same for every action of a run. */
export function shortName(name: string): string {
    return name.split(".").slice(-2).join(".");
}

export class RunProgress {
    private finished = 0;
    private timer: NodeJS.Timeout | undefined;
    private readonly width: number;

    constructor(
        private readonly out: Output,
        private readonly actions: RunAction[],
    ) {
        this.width = Math.min(44, Math.max(20, ...actions.map((action) => shortName(action.name).length)));
    }

    private get counter(): string {
        const digits = String(this.actions.length).length;
        return `[${String(this.finished + 1).padStart(digits)}/${this.actions.length}]`;
    }

    readonly onActionStart = (action: RunAction): void => {
        if (!this.out.live) return;
        const started = performance.now();
        const counter = this.counter;
        const show = () =>
            this.out.status(
                this.out.colors.dim(`${counter} ..   ${shortName(action.name)}  ${formatSeconds((performance.now() - started) / 1000)}`),
            );
        show();
        clearInterval(this.timer);
        this.timer = setInterval(show, 250);
        this.timer.unref();
    };

    readonly onActionEnd = (result: ActionResult): void => {
        clearInterval(this.timer);
        this.out.line(this.formatResult(result));
        this.finished += 1;
    };

    formatResult(result: ActionResult): string {
        const { colors } = this.out;
        const paint = { succeeded: colors.green, failed: colors.red, skipped: colors.yellow, disabled: colors.dim }[result.status];
        const rows = result.rows === undefined ? "" : `${formatCount(result.rows)} rows`;
        const kind = result.incremental ? "incremental" : result.kind;
        const line =
            `${this.counter} ${paint(LABEL[result.status].padEnd(4))} ${shortName(result.name).padEnd(this.width)}  ` +
            `${rows.padStart(16)}  ${formatSeconds(result.seconds).padStart(8)}  ${colors.dim(kind)}`;
        const notes = (result.notes ?? []).map((note) => colors.dim(`\n       note: ${note}`)).join("");
        if (!result.error) return line.trimEnd() + notes;
        const where = result.fileName ? colors.dim(` (${result.fileName})`) : "";
        const detail = result.error
            .split("\n")
            .map((text) => `       ${text}`)
            .join("\n");
        const sample = result.failingRows?.length ? `\n${formatRows(result.failingRows, "       ")}` : "";
        return `${line.trimEnd()}${notes}\n${result.status === "failed" ? colors.red(detail) : detail}${where}${sample}`;
    }
}

/**
 * The executor's hooks for a run that prints its progress and records its
 * results; `finish` prints the summary and, given the warehouse, saves the
 * run results file.
 */
export function reportedRun(out: Output, log: RunLog) {
    let progress: RunProgress | undefined;
    const started = performance.now();
    const hooks: Pick<ExecuteOptions, "onRunStart" | "onActionStart" | "onActionEnd"> = {
        onRunStart: (actions) => (progress = new RunProgress(out, actions)),
        onActionStart: (action) => progress?.onActionStart(action),
        onActionEnd: (result) => {
            log.actionEnded(result);
            progress?.onActionEnd(result);
        },
    };
    const finish = (results: ActionResult[], warehouse?: string): RunRecord & { file?: string } => {
        out.line(formatSummary(results, (performance.now() - started) / 1000, out));
        const record = log.finish();
        if (warehouse === undefined) return record;
        const file = saveRunRecord(warehouse, record);
        out.line(out.colors.dim(`results: ${file}`));
        return { ...record, file };
    };
    return { hooks, finish };
}

/** Counts by status, then the slowest actions. */
export function formatSummary(results: ActionResult[], seconds: number, out: Output, slowest = 5): string {
    const count = (status: ActionStatus) => results.filter((result) => result.status === status).length;
    const { colors } = out;
    const parts = [
        colors.green(`${count("succeeded")} OK`),
        (count("failed") ? colors.red : colors.dim)(`${count("failed")} failed`),
        (count("skipped") ? colors.yellow : colors.dim)(`${count("skipped")} skipped`),
        colors.dim(`${count("disabled")} disabled`),
    ];
    const lines = [`${results.length} actions in ${formatSeconds(seconds)}: ${parts.join(", ")}`];
    const ran = results.filter((result) => result.status === "succeeded" || result.status === "failed");
    if (ran.length > 1 && slowest > 0) {
        const top = [...ran].sort((a, b) => b.seconds - a.seconds).slice(0, slowest);
        lines.push(`slowest: ${top.map((result) => `${shortName(result.name)} ${formatSeconds(result.seconds)}`).join(", ")}`);
    }
    return lines.join("\n");
}

/** Rows as an aligned text table. */
export function formatRows(rows: Row[], indent = ""): string {
    if (rows.length === 0) return `${indent}(no rows)`;
    const columns = Object.keys(rows[0]);
    const cell = (value: unknown) => (value === null ? "NULL" : typeof value === "object" ? JSON.stringify(value) : String(value));
    const widths = columns.map((column) => Math.min(60, Math.max(column.length, ...rows.map((row) => cell(row[column]).length))));
    const line = (cells: string[]) =>
        indent +
        cells
            .map((text, i) => text.slice(0, 60).padEnd(widths[i]))
            .join("  ")
            .trimEnd();
    return [
        line(columns),
        line(widths.map((width) => "-".repeat(width))),
        ...rows.map((row) => line(columns.map((c) => cell(row[c])))),
    ].join("\n");
}

/** What a profile shows of an action: a run results file's record, or the executor's result. */
type ProfiledAction = Pick<ActionRecord, "name" | "status" | "seconds"> & { rows?: number | null; reads?: TableRead[] | null };

/**
 * `run --profile`, `bench --profile`: the actions that ran, slowest first, with rows written, rows read from each
 * table, and the bytes BigQuery would bill for those reads (estimated; blank where no estimate was made).
 */
export function formatProfile(actions: ProfiledAction[], out: Output): string {
    const ran = actions.filter((action) => action.status === "succeeded" || action.status === "failed");
    const width = Math.min(44, Math.max(6, ...ran.map((action) => shortName(action.name).length)));
    const estimated = ran.some((action) => action.reads?.some((read) => read.bytes !== undefined));
    const bytes = (actions: ProfiledAction[]) => (estimated ? formatSize(totalBytesRead(actions)) : "");
    const header = `${"action".padEnd(width)}  ${"seconds".padStart(8)}  ${"rows written".padStart(13)}  ${"rows read".padStart(13)}  ${"bytes read".padStart(10)}  read from`;
    const lines = [...ran]
        .sort((a, b) => b.seconds - a.seconds)
        .map((action) => {
            const reads = (action.reads ?? []).map((read) => `${shortName(read.table)} ${formatCount(read.rows)}`).join(", ");
            return (
                `${shortName(action.name).padEnd(width)}  ${formatSeconds(action.seconds).padStart(8)}  ` +
                `${(action.rows == null ? "" : formatCount(action.rows)).padStart(13)}  ${formatCount(totalRowsRead([action])).padStart(13)}  ` +
                `${bytes([action]).padStart(10)}  ${out.colors.dim(reads)}`
            ).trimEnd();
        });
    const written = ran.reduce((sum, action) => sum + (action.rows ?? 0), 0);
    const billed = estimated ? ` (${bytes(ran)} as BigQuery bills reads)` : "";
    const total = `total: ${formatCount(totalRowsRead(ran))} rows read${billed}, ${formatCount(written)} rows written by ${ran.length} actions`;
    return [
        "",
        "profile (slowest first; rows read are the rows DuckDB's table scans read after skipping row groups; bytes read,",
        "BigQuery's logical bytes of the columns read in those rows, once per statement, an estimate: docs/incremental.md)",
        header,
        ...lines,
        total,
    ].join("\n");
}
