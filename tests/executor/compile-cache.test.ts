import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CompilationFailed, compileProject } from "../../scripts/dataform/compile.ts";
import type { CompiledGraph } from "../../scripts/dataform/graph.ts";
import { fixtureProject } from "./harness.ts";

// Compiled graphs are kept in .local/cache by the project's files and vars: a change to either is compiled again.
const dir = mkdtempSync(join(tmpdir(), "compile-cache-"));
cpSync(fixtureProject("graph"), dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const customers = join(dir, "definitions", "customers.sqlx");
const original = readFileSync(customers, "utf8");
const operationSql = (graph: CompiledGraph) =>
    graph.operations?.find((operation) => operation.target?.name === "customers")?.queries?.join("\n");

describe("a compilation kept between runs", () => {
    it("is the same graph again for the same files and vars", async () => {
        const first = await compileProject(dir);
        expect(await compileProject(dir)).toEqual(first);
    });

    it("is compiled again when a file changes, and when it changes back", async () => {
        writeFileSync(customers, original.replace("'walk-in'", "'walk-in-2'"));
        expect(operationSql(await compileProject(dir))).toContain("'walk-in-2'");
        writeFileSync(customers, original);
        expect(operationSql(await compileProject(dir))).not.toContain("'walk-in-2'");
    });

    it("is compiled again for other vars", async () => {
        const totals = (graph: CompiledGraph) => graph.tables?.find((table) => table.target?.name === "customer_totals")?.query;
        expect(totals(await compileProject(dir))).toContain("amount >= -1000");
        expect(totals(await compileProject(dir, { vars: { min_amount: "5" } }))).toContain("amount >= 5");
    });

    it("keeps no failure: a project fixed after an error compiles", async () => {
        writeFileSync(customers, `${original}\n\${notDefinedAnywhere()}`);
        await expect(compileProject(dir)).rejects.toBeInstanceOf(CompilationFailed);
        writeFileSync(customers, original);
        expect(operationSql(await compileProject(dir))).toContain("'walk-in'");
    });
});
