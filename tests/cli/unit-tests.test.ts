/** `npm run local -- test`: Dataform unit tests on DuckDB, this repository's all passing, a fixture's failing ones failing. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareResults } from "../../scripts/dataform/unit-tests.ts";
import type { UnitTestResult } from "../../scripts/dataform/unit-tests.ts";
import { fixtureProject } from "../fixtures/projects.ts";
import { local, root } from "./local.ts";

describe("npm run local -- test", () => {
    it("runs every unit test of this repository, and they pass", async () => {
        const { code, stdout, stderr } = await local(["test", "--json"]);
        expect(code, stderr).toBe(0);
        const { ok, tests } = JSON.parse(stdout) as { ok: boolean; tests: UnitTestResult[] };
        const files = readdirSync(join(root, "definitions", "tests")).filter((file) => file.endsWith(".sqlx"));
        expect(tests.map((test) => test.name).sort()).toEqual(files.map((file) => file.replace(/\.sqlx$/, "")).sort());
        expect(tests.filter((test) => test.status !== "passed")).toEqual([]);
        expect(ok).toBe(true);
    });

    it("fails on a fixture's failing tests, with Dataform's messages, exit 1", async () => {
        const { code, stdout } = await local(["test", "--project", fixtureProject("unit-tests")]);
        expect(code).toBe(1);
        expect(stdout).toMatch(/^\[1\/4\] PASS test_customer_totals /m);
        expect(stdout).toMatch(/^\[2\/4\] FAIL test_customer_totals_wrong_rows .*\n {7}Expected 1 rows, but saw 0 rows\.$/m);
        expect(stdout).toMatch(
            /^\[3\/4\] FAIL test_customer_totals_wrong_total .*\n {7}For row 0 and column "total": expected "10", but saw "10\.5"\.$/m,
        );
        expect(stdout).toMatch(
            /^\[4\/4\] FAIL test_customer_totals_wrong_type .*\n {7}For row 0 and column "total": expected type "number" \(FLOAT64\), but saw type "object" \(NUMERIC\)\.$/m,
        );
        expect(stdout).toMatch(/^4 unit tests in [\d.]+ s: 1 passed, 3 failed$/m);
    });

    it("selects tests with --tests patterns", async () => {
        const { code, stdout } = await local(["test", "--project", fixtureProject("unit-tests"), "--tests", "*_total"]);
        expect(code).toBe(1);
        expect(stdout).toMatch(/^1 unit tests in [\d.]+ s: 0 passed, 1 failed$/m);
    });
});

describe("comparing rows as dataform test does", () => {
    const result = (columns: [string, string][], rows: Record<string, unknown>[]) => ({
        columns: columns.map(([name, type]) => ({ name, type })),
        rows: rows as never,
    });

    it("matches column names case-insensitively and INT64 with FLOAT64 by value", () => {
        expect(compareResults(result([["A", "INT64"]], [{ A: "3" }]), result([["a", "FLOAT64"]], [{ a: 3 }]))).toEqual([]);
    });

    it("tells a NULL from a value, and a NUMERIC from an INT64", () => {
        expect(compareResults(result([["a", "STRING"]], [{ a: "x" }]), result([["a", "STRING"]], [{ a: null }]))).toEqual([
            'For row 0 and column "a": expected null, but saw "x".',
        ]);
        expect(compareResults(result([["a", "INT64"]], [{ a: "1" }]), result([["a", "NUMERIC"]], [{ a: "1" }]))).toEqual([
            'For row 0 and column "a": expected type "object" (NUMERIC), but saw type "number" (INT64).',
        ]);
    });

    it("refuses other columns", () => {
        expect(compareResults(result([["a", "INT64"]], [{ a: "1" }]), result([["b", "INT64"]], [{ b: "1" }]))).toEqual([
            'Expected columns "b", but saw "a".',
        ]);
    });
});
