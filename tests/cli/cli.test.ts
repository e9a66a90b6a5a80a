import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RunRecord } from "../../scripts/dataform/run-log.ts";
import { fixtureProject } from "../fixtures/projects.ts";
import { local as run } from "./local.ts";

const scratch = mkdtempSync(join(tmpdir(), "cli-"));
const warehouse = join(scratch, "cli.duckdb");
const local = (...args: string[]) => run(args);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("npm run local", () => {
    it("runs a Dataform project with a progress line per action and a summary", async () => {
        const { code, stdout } = await local("run", "--project", fixtureProject("graph"), "--warehouse", warehouse);
        expect(code).toBe(0);
        expect(stdout).toMatch(/^compiling .*graph \.\.\.$/m);
        expect(stdout).toMatch(/^\[ ?\d+\/11\] OK   shop\.customer_totals\s+2 rows\s+\d+\.\d\d s  table$/m);
        expect(stdout).toMatch(/^\[ ?\d+\/11\] OK   shop\.stg_orders\s+\d+\.\d\d s  view$/m);
        expect(stdout).toMatch(/^\[ ?\d+\/11\] OFF  shop\.retired/m);
        expect(stdout).toMatch(/^11 actions in [\d.]+ s: 10 OK, 0 failed, 0 skipped, 1 disabled$/m);
        expect(stdout).toMatch(/^slowest: \S+ [\d.]+ s, /m);
        // Not a terminal: no colour codes and no live status line.
        expect(stdout).not.toMatch(/\u001b/);
    });

    it("prints each action's rows written, and rows and bytes read from each table with --profile, and keeps them in the results file", async () => {
        const { code, stdout, stderr } = await local(
            "run",
            "--project",
            fixtureProject("graph"),
            "--warehouse",
            warehouse,
            "--profile",
            "--json",
        );
        expect(code).toBe(0);
        expect(stderr).toMatch(/^profile \(slowest first/m);
        // count(*) reads no column: BigQuery bills it nothing.
        expect(stderr).toMatch(/^shop\.customer_count\s+[\d.]+ s\s+1\s+\d+\s+0 B\s+shop\.customers \d+$/m);
        expect(stderr).toMatch(/^total: [\d,]+ rows read \([\d.]+ (B|KiB) as BigQuery bills reads\)/m);
        const document = JSON.parse(stdout) as RunRecord;
        const customerCount = document.actions.find((action) => action.name.endsWith(".customer_count"));
        expect(customerCount?.reads).toEqual([{ table: "shop.customers", rows: expect.any(Number), columns: {}, bytes: 0 }]);
        expect(customerCount!.reads![0].rows).toBeGreaterThan(0);
        // Three orders: customer ids of two characters (2 + 2 bytes), NUMERIC amounts (16), TIMESTAMPs (8).
        const customerTotals = document.actions.find((action) => action.name.endsWith(".customer_totals"));
        expect(customerTotals?.reads).toEqual([
            { table: "src.orders", rows: 3, columns: { customer_id: 3, amount: 3, ordered_at: 3 }, bytes: 3 * (2 + 2) + 3 * 16 + 3 * 8 },
        ]);
        expect(document.actions.filter((action) => action.status === "disabled").every((action) => action.reads === null)).toBe(true);
    });

    it("runs the same project on the ZetaSQL reference evaluator with --engine zetasql, writing nothing to the warehouse", async () => {
        const untouched = join(scratch, "untouched.duckdb");
        const { code, stdout } = await local("run", "--project", fixtureProject("graph"), "--warehouse", untouched, "--engine", "zetasql");
        expect(code).toBe(0);
        expect(stdout).toMatch(/ZetaSQL reference evaluator, in memory/);
        expect(stdout).toMatch(/^\[ ?\d+\/11\] OK   shop\.customer_totals\s+2 rows/m);
        expect(stdout).toMatch(/^11 actions in [\d.]+ s: 10 OK, 0 failed, 0 skipped, 1 disabled$/m);
        expect(existsSync(untouched)).toBe(false);
    });

    it("queries the warehouse with BigQuery SQL and prints only JSON with --format json", async () => {
        const { code, stdout } = await local(
            "query",
            "select customer_id, total from `fixture-project.shop.customer_totals` order by customer_id",
            "--format",
            "json",
            "--warehouse",
            warehouse,
        );
        expect(code).toBe(0);
        expect(JSON.parse(stdout)).toEqual([
            { customer_id: "c1", total: "14.75" },
            { customer_id: "c2", total: "100" },
        ]);
    });

    it("exits non-zero and prints the failing rows when an assertion fails", async () => {
        const { code, stdout } = await local(
            "run",
            "--project",
            fixtureProject("graph"),
            "--warehouse",
            warehouse,
            "--vars",
            "with_refund=true",
        );
        expect(code).toBe(1);
        expect(stdout).toMatch(/^\[ ?\d+\/11\] FAIL shop_assertions\.assert_no_negative_amounts\s+[\d.]+ s  assertion$/m);
        expect(stdout).toMatch(/^ {7}assertion failed: 1 row\(s\) violate it \(definitions\/assert_no_negative_amounts\.sqlx\)$/m);
        expect(stdout).toMatch(/o4\s+-150/);
        expect(stdout).toMatch(/^\[ ?\d+\/11\] SKIP shop\.after_check/m);
    });

    it("loads NDJSON files into the raw tables, appending (a file once, unless forced) or replacing", async () => {
        const dir = join(scratch, "ndjson");
        rmSync(dir, { recursive: true, force: true });
        const rates = [
            { rate_date: "2024-03-01", currency: "EUR", usd_rate: "1.0850" },
            { rate_date: "2024-03-01", currency: "GBP", usd_rate: "1.27" },
        ];
        await import("node:fs").then((fs) => fs.mkdirSync(dir, { recursive: true }));
        writeFileSync(join(dir, "fx_rates.ndjson"), rates.map((rate) => JSON.stringify(rate)).join("\n") + "\n");
        expect((await local("load", "--dir", dir, "--warehouse", warehouse)).code).toBe(0);
        const again = await local("load", "--dir", dir, "--warehouse", warehouse);
        expect(again.code).toBe(1);
        expect(again.stderr).toMatch(
            /^error: nothing was loaded: this file's content was loaded already \(the load ledger raw\.load_ledger\)/,
        );
        expect((await local("load", "--dir", dir, "--force", "--warehouse", warehouse)).code).toBe(0);
        const count = async () =>
            JSON.parse(
                (await local("query", "select count(*) as n from raw.fx_rates", "--format", "json", "--warehouse", warehouse)).stdout,
            );
        expect(await count()).toEqual([{ n: "4" }]);
        const replaced = await local("load", "--dir", dir, "--replace", "--warehouse", warehouse);
        expect(replaced.stdout).toMatch(/^  OK  raw\.fx_rates\s+2 rows\s+[\d.]+ s\s+[\d,]+ rows\/s$/m);
        expect(await count()).toEqual([{ n: "2" }]);
        const { stdout } = await local(
            "query",
            "select usd_rate from raw.fx_rates where currency = 'EUR'",
            "--format",
            "json",
            "--warehouse",
            warehouse,
        );
        expect(JSON.parse(stdout)).toEqual([{ usd_rate: "1.085" }]);

        writeFileSync(
            join(dir, "fx_rates.ndjson"),
            `${JSON.stringify(rates[0])}\n{"rate_date": "2024-03-02", "currency": "EUR", "usd_rate": true}\n`,
        );
        const refused = await local("load", "--dir", dir, "--replace", "--warehouse", warehouse);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain(
            `error: ${join(dir, "fx_rates.ndjson")}: 1 bad record, more than the 0 allowed; the load changed nothing`,
        );
        expect(refused.stderr).toContain(`${join(dir, "fx_rates.ndjson")}:2 field usd_rate: not a NUMERIC: true`);
        expect(await count()).toEqual([{ n: "2" }]);
    });

    it("rejects unknown options with a usage message and exit code 2", async () => {
        const { code, stderr } = await local("run", "--full-refrsh");
        expect(code).toBe(2);
        expect(stderr).toMatch(/error: unknown option '--full-refrsh'\n\(Did you mean --full-refresh\?\)/);
    });

    it("selects with wildcards and --exclude, and --dry-run lists the run in order without running it", async () => {
        const fresh = join(scratch, "dry-run.duckdb");
        const { code, stdout } = await local(
            "run",
            "--project",
            fixtureProject("graph"),
            "--warehouse",
            fresh,
            "--actions",
            "customer_*",
            "--include-deps",
            "--exclude",
            "stg_orders",
            "--dry-run",
        );
        expect(code).toBe(0);
        expect(stdout.split("\n").filter((line) => line.startsWith("["))).toEqual([
            // stg_orders excluded, src.orders no longer comes before the others.
            expect.stringMatching(/^\[1\/4\] shop\.customers\s+operation$/),
            expect.stringMatching(/^\[2\/4\] shop\.customer_count\s+table$/),
            expect.stringMatching(/^\[3\/4\] shop\.customer_totals\s+table$/),
            expect.stringMatching(/^\[4\/4\] src\.orders\s+table$/),
        ]);
        expect(stdout).toMatch(/dry run: 4 actions would run \(no warehouse at .* yet: every table would be built\); nothing was run/);
        expect(existsSync(fresh)).toBe(false);
    });

    it("prints one JSON document with --json, keeps a results file per run, and lists runs", async () => {
        const { code, stdout, stderr } = await local(
            "run",
            "--project",
            fixtureProject("graph"),
            "--warehouse",
            warehouse,
            "--actions",
            "customer_count",
            "--json",
        );
        expect(code).toBe(0);
        const document = JSON.parse(stdout) as RunRecord & { file: string };
        expect(document).toMatchObject({ ok: true, engine: "duckdb", counts: { succeeded: 1, failed: 0, skipped: 0, disabled: 0 } });
        expect(document.actions).toEqual([
            expect.objectContaining({
                name: "fixture-project.shop.customer_count",
                kind: "table",
                status: "succeeded",
                rows: 1,
                bytes: null,
                error: null,
            }),
        ]);
        expect(stderr).toMatch(/^\[1\/1\] OK   shop\.customer_count/m);
        expect(JSON.parse(readFileSync(document.file, "utf8"))).toEqual(JSON.parse(stdout.replace(/,\s*"file": "[^"]*"/, "")));
        const runs = await local("runs", "--warehouse", warehouse, "--json");
        const listed = JSON.parse(runs.stdout) as RunRecord[];
        expect(listed[0].id).toBe(document.id);
        expect(listed.length).toBeGreaterThanOrEqual(3);
        const last = await local("runs", "last", "--warehouse", warehouse);
        expect(last.stdout).toMatch(/^ {2}succeeded shop\.customer_count\s+[\d:.]+\s+[\d.]+ s\s+1 rows$/m);
    });
});
