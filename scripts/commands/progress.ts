import type { ActionResult } from "../dataform/execute.ts";
import type { Row } from "../engines/values.ts";

const MARK: Record<ActionResult["status"], string> = { succeeded: "ok  ", failed: "FAIL", skipped: "skip", disabled: "off " };

/** One line per finished action: status, kind, name, rows, seconds. */
export function formatResult(result: ActionResult): string {
    const kind = result.incremental === true ? "incremental+" : result.kind;
    const rows = result.rows === undefined ? "" : `${result.rows.toLocaleString("en-US")} rows`;
    const line =
        `${MARK[result.status]} ${kind.padEnd(12)} ${result.name.padEnd(48)} ${rows.padStart(16)} ${result.seconds.toFixed(2).padStart(7)}s` +
        (result.notes ?? []).map((note) => `\n       note: ${note}`).join("");
    if (!result.error) return line;
    const where = result.fileName ? ` (${result.fileName})` : "";
    return `${line}\n       ${result.error}${where}${result.failingRows?.length ? `\n${formatRows(result.failingRows, "       ")}` : ""}`;
}

export function formatSummary(results: ActionResult[], seconds: number): string {
    const count = (status: ActionResult["status"]) => results.filter((result) => result.status === status).length;
    return (
        `${results.length} actions in ${seconds.toFixed(1)}s: ${count("succeeded")} succeeded, ${count("failed")} failed, ` +
        `${count("skipped")} skipped, ${count("disabled")} disabled`
    );
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
