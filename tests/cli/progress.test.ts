/** The progress lines of a run, on a terminal (live status line, colour) and in a log (plain lines). */
import picocolors from "picocolors";
import { describe, expect, it } from "vitest";
import type { Action } from "../../scripts/dataform/actions.ts";
import type { ActionResult } from "../../scripts/dataform/execute.ts";
import type { Output } from "../../scripts/commands/output.ts";
import { formatSummary, RunProgress } from "../../scripts/commands/progress.ts";

function fakeOutput(live: boolean): Output & { lines: string[]; statuses: string[] } {
    const lines: string[] = [];
    const statuses: string[] = [];
    return {
        colors: picocolors.createColors(live),
        live,
        lines,
        statuses,
        line: (text) => void lines.push(text),
        status: (text) => void statuses.push(text),
    };
}

const action = (name: string) =>
    ({ name, kind: "table", dependencies: [], disabled: false, target: { schema: "s", name } }) as unknown as Action;
const result = (name: string, status: ActionResult["status"], seconds: number, rows?: number): ActionResult => ({
    name: `p.staging.${name}`,
    kind: "table",
    status,
    seconds,
    rows,
});

describe("run progress", () => {
    it("prints a plain line per finished action in a log, and a summary with the slowest actions", () => {
        const out = fakeOutput(false);
        const progress = new RunProgress(out, [action("p.staging.stg_events"), action("p.staging.stg_orders")]);
        progress.onActionStart(action("p.staging.stg_events"));
        progress.onActionEnd(result("stg_events", "succeeded", 0.41, 26526));
        progress.onActionEnd({
            ...result("stg_orders", "failed", 1.5),
            error: 'column "x" not found at 2:5',
            fileName: "definitions/stg_orders.sqlx",
        });
        expect(out.statuses).toEqual([]);
        expect(out.lines).toEqual([
            "[1/2] OK   staging.stg_events         26,526 rows    0.41 s  table",
            '[2/2] FAIL staging.stg_orders                        1.50 s  table\n       column "x" not found at 2:5 (definitions/stg_orders.sqlx)',
        ]);
        expect(formatSummary([result("a", "succeeded", 3), result("b", "failed", 1), result("c", "skipped", 0)], 4.2, out)).toBe(
            "3 actions in 4.20 s: 1 OK, 1 failed, 1 skipped, 0 disabled\nslowest: staging.a 3.00 s, staging.b 1.00 s",
        );
    });

    it("shows the running action with its elapsed time on a terminal, in colour", () => {
        const out = fakeOutput(true);
        const progress = new RunProgress(out, [action("p.staging.stg_events")]);
        progress.onActionStart(action("p.staging.stg_events"));
        expect(out.statuses).toHaveLength(1);
        expect(out.statuses[0]).toMatch(/\[1\/1\] \.\. {3}staging\.stg_events {2}0\.\d\d s/);
        progress.onActionEnd(result("stg_events", "succeeded", 0.41, 1));
        expect(out.lines[0]).toContain("\u001b[32mOK  \u001b[39m");
    });
});
