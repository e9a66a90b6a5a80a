import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZetaSql } from "../../scripts/engines/zetasql/index.ts";
import { validateProject, type ActionReport, type ValidateOptions } from "../../scripts/dataform/validate/index.ts";
import { fixtureProject } from "../fixtures/projects.ts";
import { EVENT_COLUMNS } from "../fixtures/incremental-events.ts";

const EVENT_SCHEMAS = { "src.events": EVENT_COLUMNS };

let zetaSql: ZetaSql;
const copies: string[] = [];
beforeAll(async () => {
    zetaSql = await ZetaSql.start();
});
afterAll(async () => {
    await zetaSql?.stop();
    for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A temporary copy of a fixture project with some definitions replaced or added. */
function projectCopy(fixture: string, files: Record<string, string> = {}): string {
    const dir = mkdtempSync(join(tmpdir(), "validate-"));
    copies.push(dir);
    cpSync(fixtureProject(fixture), dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, "definitions", name), text);
    return dir;
}

/** Replaces `from` (which must be there) in a definition of the copy. */
function edit(dir: string, name: string, from: string, to: string): void {
    const path = join(dir, "definitions", name);
    const text = readFileSync(path, "utf8");
    expect(text, `${name} holds ${from}`).toContain(from);
    writeFileSync(path, text.replace(from, to));
}

function validate(dir: string, options: ValidateOptions = {}) {
    return validateProject(dir, { ...options, zetaSql });
}

function action(actions: ActionReport[], name: string): ActionReport {
    const found = actions.find((candidate) => candidate.name.endsWith(`.${name}`));
    if (!found) throw new Error(`no action ${name} in ${actions.map((a) => a.name).join(", ")}`);
    return found;
}

/** Validates and returns the named action's report, which must be an error. */
async function failure(dir: string, name: string, options: ValidateOptions = {}): Promise<ActionReport> {
    const report = await validate(dir, options);
    const found = action(report.actions, name);
    expect(found.status, found.message).toBe("error");
    expect(report.ok).toBe(false);
    return found;
}

/** 1-based line:column of the first `text` in a definition. */
function positionIn(dir: string, name: string, text: string): string {
    const source = readFileSync(join(dir, "definitions", name), "utf8");
    const before = source.slice(0, source.indexOf(text)).split("\n");
    return `${before.length}:${before.at(-1)!.length + 1}`;
}

describe("fixture projects", () => {
    it("passes the graph fixture: every action analyzed and OK", async () => {
        const report = await validate(fixtureProject("graph"));
        expect(report.actions.filter((a) => a.status !== "ok")).toEqual([]);
        // Tables, views, the operation and both kinds of assertions were all checked.
        expect(new Set(report.actions.map((a) => a.kind))).toEqual(new Set(["table", "view", "operation", "assertion"]));
        expect(report.ok).toBe(true);
    });

    it("passes the incremental fixture given its source's schema (self references, DECLARE, MERGE)", async () => {
        const report = await validate(fixtureProject("incremental"), { schemas: EVENT_SCHEMAS });
        expect(report.actions.filter((a) => a.status !== "ok")).toEqual([]);
        expect(report.actions).toHaveLength(5);
        expect(report.ok).toBe(true);
    });

    it("reports actions reading a declaration without a schema as not checked, and fails", async () => {
        const report = await validate(fixtureProject("incremental"));
        expect(report.ok).toBe(false);
        for (const result of report.actions) {
            expect(result).toMatchObject({ status: "unchecked", message: expect.stringContaining("no schema for declaration src.events") });
        }
    });
});

describe("errors", () => {
    it("names a column that does not exist and where it is in the file", async () => {
        const dir = projectCopy("graph");
        edit(dir, "customer_totals.sqlx", "sum(amount) as total", "sum(amount_usd) as total");
        const report = await validate(dir);
        expect(report.ok).toBe(false);
        const failed = action(report.actions, "customer_totals");
        expect(failed.status).toBe("error");
        expect(failed.message).toContain("amount_usd");
        expect(failed.message).toContain(`definitions/customer_totals.sqlx:${positionIn(dir, "customer_totals.sqlx", "amount_usd")}:`);
        // Its own assertions read it, so they cannot be checked; unrelated actions still are.
        expect(action(report.actions, "shop_customer_totals_assertions_uniqueKey_0").status).toBe("unchecked");
        expect(action(report.actions, "customer_count").status).toBe("ok");
    });

    it("checks downstream actions against the upstream action's new columns", async () => {
        const dir = projectCopy("graph");
        edit(dir, "stg_orders.sqlx", "amount,", "amount as order_amount,");
        const report = await validate(dir);
        expect(action(report.actions, "stg_orders").status).toBe("ok");
        const downstream = action(report.actions, "customer_totals");
        expect(downstream.status).toBe("error");
        expect(downstream.message).toMatch(/Unrecognized name: amount\b/);
        expect(action(report.actions, "assert_no_negative_amounts").status).toBe("error");
    });

    it("accepts a downstream action that follows the upstream rename", async () => {
        const dir = projectCopy("graph");
        edit(dir, "stg_orders.sqlx", "amount,", "amount as order_amount,");
        edit(dir, "customer_totals.sqlx", "sum(amount) as total", "sum(order_amount) as total");
        edit(dir, "customer_totals.sqlx", "where amount >=", "where order_amount >=");
        edit(dir, "assert_no_negative_amounts.sqlx", "order_id, amount from", "order_id, order_amount from");
        edit(dir, "assert_no_negative_amounts.sqlx", "where amount < 0", "where order_amount < 0");
        const report = await validate(dir);
        expect(report.actions.filter((a) => a.status !== "ok")).toEqual([]);
    });

    it("maps an error in text a ${...} generates to that ${...}", async () => {
        const dir = projectCopy("graph", {
            "generated.sqlx": 'config { type: "table" }\nselect\n    ${["order_id", "nope"].join(",\\n    ")}\nfrom ${ref("stg_orders")}\n',
        });
        const failed = await failure(dir, "generated");
        expect(failed.message).toContain("Unrecognized name: nope");
        expect(failed.message).toContain("definitions/generated.sqlx:3:5:");
    });
});

describe("incremental tables", () => {
    it("analyzes the incremental query with the table itself, by its columns", async () => {
        const dir = projectCopy("incremental");
        edit(dir, "events_appended.sqlx", "select max(id) from", "select max(value_usd) from");
        const failed = await failure(dir, "events_appended", { schemas: EVENT_SCHEMAS });
        expect(failed.message).toContain("Unrecognized name: value_usd");
        expect(failed.message).toContain("(incremental query, in text a ${...} there generates)");
    });

    it("checks that the incremental rows fit the table's columns", async () => {
        const dir = projectCopy("incremental");
        edit(
            dir,
            "events_appended.sqlx",
            'select id, day, value from ${ref("events")}',
            'select id, day, ${when(incremental(), "", "value")} from ${ref("events")}',
        );
        const failed = await failure(dir, "events_appended", { schemas: EVENT_SCHEMAS });
        expect(failed.message).toContain("incremental write");
        expect(failed.message).toContain("value");
    });
});

describe("DECLARE in pre-operations", () => {
    const declaring = (declaration: string, condition: string) =>
        `config { type: "table" }\npre_operations {\n  ${declaration};\n}\nselect id, value from \${ref("events")}\nwhere ${condition}\n`;

    it("analyzes a query reading a declared variable, typed by its declaration", async () => {
        const dir = projectCopy("incremental", {
            "recent.sqlx": declaring("declare since date default date '2024-01-02'", "day >= since"),
        });
        expect(action((await validate(dir, { schemas: EVENT_SCHEMAS })).actions, "recent").status).toBe("ok");
    });

    it("types a variable without a type by its DEFAULT expression", async () => {
        const dir = projectCopy("incremental", { "recent.sqlx": declaring("declare since default 'x'", "day >= since") });
        const failed = await failure(dir, "recent", { schemas: EVENT_SCHEMAS });
        expect(failed.message).toMatch(/DATE.*STRING|STRING.*DATE/);
    });

    it("places an error after an inlined variable at its column in the file", async () => {
        const dir = projectCopy("incremental", {
            "recent.sqlx": declaring("declare since date default current_date()", "day >= since and nope = 1"),
        });
        const failed = await failure(dir, "recent", { schemas: EVENT_SCHEMAS });
        expect(failed.message).toContain(`definitions/recent.sqlx:${positionIn(dir, "recent.sqlx", "nope")}: Unrecognized name: nope`);
    });

    it("reports an error in the DEFAULT expression", async () => {
        const dir = projectCopy("incremental", {
            "recent.sqlx": declaring('declare since date default (select max(nope) from ${ref("events")})', "day >= since"),
        });
        const failed = await failure(dir, "recent", { schemas: EVENT_SCHEMAS });
        expect(failed.message).toContain(
            `definitions/recent.sqlx:${positionIn(dir, "recent.sqlx", "nope")}: Unrecognized name: nope (pre_operations[0])`,
        );
    });
});

describe("npm run validate", () => {
    it("prints each action and a summary, and exits 1 on an error", async () => {
        const dir = projectCopy("graph");
        edit(dir, "customer_count.sqlx", "count(*) as customers", "count(nope) as customers");
        const run = promisify(execFile);
        const result = await run(process.execPath, ["--import", "tsx", "scripts/cli.ts", "validate", "--project", dir]).catch(
            (error) => error,
        );
        expect(result.code).toBe(1);
        expect(result.stdout).toMatch(/^FAIL +table +fixture-project\.shop\.customer_count$/m);
        expect(result.stdout).toMatch(/^OK +view +fixture-project\.shop\.stg_orders$/m);
        expect(result.stdout).toMatch(/validated 11 actions in [\d.]+s: 10 OK, 1 with errors, 0 not checked/);
    });
});
