import { afterAll, beforeAll, expect, it } from "vitest";
import { runProject, type RunReport } from "../../scripts/dataform/run-project.ts";
import picocolors from "picocolors";
import type { Output } from "../../scripts/commands/output.ts";
import { formatSummary, RunProgress } from "../../scripts/commands/progress.ts";
import { fixtureProject, temporaryWarehouse } from "../executor/harness.ts";

// Every action type Dataform compiles is in the run: notebooks, data preparations and unit tests as skipped, with the reason.
let warehouse: Awaited<ReturnType<typeof temporaryWarehouse>>;
let report: RunReport;
beforeAll(async () => {
    warehouse = await temporaryWarehouse();
    report = await runProject(fixtureProject("action-types"), warehouse.engine);
});
afterAll(async () => {
    await warehouse?.dispose();
});

/** Progress lines as a CI log shows them: plain, no colour. */
const log: Output = { colors: picocolors.createColors(false), live: false, line: () => undefined, status: () => undefined };
const formatResult = (result: RunReport["results"][number]) => new RunProgress(log, report.actions).formatResult(result);

const outcome = (name: string) => report.results.find((result) => result.name === name);

it("lists every compiled action, none left out", () => {
    expect(report.results.map((result) => `${result.kind} ${result.name} ${result.status}`).sort()).toEqual([
        "data preparation fixture-project.kinds.cleaned skipped",
        "notebook fixture-project.kinds.report skipped",
        "operation fixture-project.kinds.exports failed",
        "operation fixture-project.kinds.labelled succeeded",
        "table fixture-project.kinds.after_report skipped",
        "table fixture-project.kinds.numbers succeeded",
        "test fixture-project.kinds.numbers_test skipped",
    ]);
});

it("gives the reason each is skipped, and skips what depends on a notebook", () => {
    expect(outcome("fixture-project.kinds.report")?.notes).toEqual(["skipped: notebooks run on BigQuery Studio, not locally"]);
    expect(outcome("fixture-project.kinds.cleaned")?.notes).toEqual(["skipped: data preparations run on BigQuery, not locally"]);
    expect(outcome("fixture-project.kinds.numbers_test")?.notes).toEqual(["skipped: unit tests run with `npm run local -- test`"]);
    expect(outcome("fixture-project.kinds.after_report")?.error).toBe("dependency fixture-project.kinds.report did not run locally");
});

it("reports the operation's local no-ops as notes under its line, and counts the skipped in the summary", () => {
    const labelled = outcome("fixture-project.kinds.labelled")!;
    expect(labelled.notes).toEqual([
        "SET @@query_label: a job setting with no local effect",
        "ALTER TABLE ... SET OPTIONS: table options have no local effect",
    ]);
    expect(formatResult(labelled)).toMatch(
        /OK {3}kinds\.labelled .*operation\n {7}note: SET @@query_label: a job setting with no local effect\n {7}note: ALTER TABLE/,
    );
    expect(formatResult(outcome("fixture-project.kinds.report")!)).toMatch(
        /SKIP kinds\.report .*notebook\n {7}note: skipped: notebooks run on BigQuery Studio/,
    );
    expect(formatSummary(report.results, 1, log)).toMatch(/^7 actions in .*: 2 OK, 1 failed, 4 skipped, 0 disabled/);
});

it("refuses a statement no engine runs, naming it, the part of the action and the line (of the compiled SQL, here the file's)", () => {
    expect(outcome("fixture-project.kinds.exports")?.error).toBe(
        "statement 1: BigQuery construct not supported locally: statement EXPORT DATA (line 3)",
    );
    // The run fails for that refusal alone: skipped for a local reason is not a failure.
    expect(report.results.filter((result) => result.status === "failed").map((result) => result.name)).toEqual([
        "fixture-project.kinds.exports",
    ]);
    expect(report.ok).toBe(false);
});
