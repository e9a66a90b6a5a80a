import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import { fixtureProject } from "../fixtures/projects.ts";

const execFileAsync = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(join(tmpdir(), "cli-"));
const warehouse = join(scratch, "cli.duckdb");

/** Runs `npm run local -- ...` the way a user does (node + tsx), returning exit code and output. */
async function local(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
        const { stdout, stderr } = await execFileAsync(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { cwd: root });
        return { code: 0, stdout, stderr };
    } catch (error) {
        const failure = error as { code: number; stdout: string; stderr: string };
        return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
    }
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("npm run local", () => {
    it("runs a Dataform project with a progress line per action and a summary", async () => {
        const { code, stdout } = await local("run", "--project", fixtureProject("graph"), "--warehouse", warehouse);
        expect(code).toBe(0);
        expect(stdout).toMatch(/^ok\s+table\s+fixture-project\.shop\.customer_totals\s+2 rows\s+\d+\.\d\ds$/m);
        expect(stdout).toMatch(/^ok\s+view\s+fixture-project\.shop\.stg_orders\s+\d+\.\d\ds$/m);
        expect(stdout).toMatch(/^off\s+table\s+fixture-project\.shop\.retired/m);
        expect(stdout).toMatch(/11 actions in [\d.]+s: 10 succeeded, 0 failed, 0 skipped, 1 disabled/);
    });

    it("runs the same project on the ZetaSQL reference evaluator with --engine zetasql, writing nothing to the warehouse", async () => {
        const untouched = join(scratch, "untouched.duckdb");
        const { code, stdout } = await local("run", "--project", fixtureProject("graph"), "--warehouse", untouched, "--engine", "zetasql");
        expect(code).toBe(0);
        expect(stdout).toMatch(/ZetaSQL reference evaluator, in memory/);
        expect(stdout).toMatch(/^ok\s+table\s+fixture-project\.shop\.customer_totals\s+2 rows/m);
        expect(stdout).toMatch(/11 actions in [\d.]+s: 10 succeeded, 0 failed, 0 skipped, 1 disabled/);
        const engine = await DuckDbEngine.open(untouched);
        expect(await engine.relations()).toEqual([]);
        await engine.close();
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
        expect(stdout).toMatch(/^FAIL assertion\s+fixture-project\.shop_assertions\.assert_no_negative_amounts/m);
        expect(stdout).toMatch(/o4\s+-150/);
        expect(stdout).toMatch(/^skip table\s+fixture-project\.shop\.after_check/m);
    });

    it("loads NDJSON files into the raw tables, appending or replacing", async () => {
        const dir = join(scratch, "ndjson");
        rmSync(dir, { recursive: true, force: true });
        const rates = [
            { rate_date: "2024-03-01", currency: "EUR", usd_rate: "1.0850" },
            { rate_date: "2024-03-01", currency: "GBP", usd_rate: "1.27" },
        ];
        await import("node:fs").then((fs) => fs.mkdirSync(dir, { recursive: true }));
        writeFileSync(join(dir, "fx_rates.ndjson"), rates.map((rate) => JSON.stringify(rate)).join("\n") + "\n");
        expect((await local("load", "--dir", dir, "--warehouse", warehouse)).code).toBe(0);
        expect((await local("load", "--dir", dir, "--warehouse", warehouse)).code).toBe(0);
        const count = async () =>
            JSON.parse(
                (await local("query", "select count(*) as n from raw.fx_rates", "--format", "json", "--warehouse", warehouse)).stdout,
            );
        expect(await count()).toEqual([{ n: "4" }]);
        const replaced = await local("load", "--dir", dir, "--replace", "--warehouse", warehouse);
        expect(replaced.stdout).toMatch(/raw\.fx_rates\s+2 rows/);
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
    });

    it("rejects unknown options with a usage message and exit code 2", async () => {
        const { code, stderr } = await local("run", "--full-refrsh");
        expect(code).toBe(2);
        expect(stderr).toMatch(/usage: npm run local -- run/);
    });
});
