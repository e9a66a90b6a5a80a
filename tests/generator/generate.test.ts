/** The generate command: determinism, its outputs, and its refusal of bad arguments. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCommandLine } from "../../scripts/commands/program.ts";
import { parseRates } from "../../scripts/tracking/generator/config.ts";
import { OUTPUT_FILES } from "../../scripts/tracking/generator/run.ts";

const ARGS = ["--days", "3", "--users", "120", "--start", "2024-02-27"];
let root: string;

const run = async (out: string, extra: string[] = []) => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
        return await runCommandLine(["generate", "--out", out, ...ARGS, ...extra]);
    } finally {
        quiet.mockRestore();
        log.mockRestore();
    }
};
const bytes = (dir: string, file: string) => readFileSync(join(dir, file));

beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "generator-cli-"));
    expect(await run(join(root, "a"), ["--seed", "5"])).toBe(0);
    expect(await run(join(root, "b"), ["--seed", "5"])).toBe(0);
    expect(await run(join(root, "c"), ["--seed", "6"])).toBe(0);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("generate", () => {
    it("writes the five input files and truth.json", () => {
        expect(readdirSync(join(root, "a")).sort()).toEqual([...OUTPUT_FILES].sort());
    });

    it.each(OUTPUT_FILES)("gives byte-identical %s for the same arguments", (file) => {
        expect(bytes(join(root, "a"), file).length).toBeGreaterThan(0);
        expect(bytes(join(root, "a"), file).equals(bytes(join(root, "b"), file))).toBe(true);
    });

    it("gives different events, orders and FX rates for another seed", () => {
        for (const file of ["events.ndjson", "orders.ndjson", "fx_rates.ndjson", "truth.json"]) {
            expect(bytes(join(root, "a"), file).equals(bytes(join(root, "c"), file)), file).toBe(false);
        }
    });

    it("simulates the requested days from --start and records its parameters", () => {
        const truth = JSON.parse(bytes(join(root, "a"), "truth.json").toString()) as {
            parameters: Record<string, unknown>;
            sessions_by_date: Record<string, number>;
        };
        expect(truth.parameters).toMatchObject({ days: 3, users: 120, seed: 5, start: "2024-02-27", end: "2024-02-29" });
        expect(Object.keys(truth.sessions_by_date)[0]).toBe("2024-02-27");
        const spend = bytes(join(root, "a"), "ad_spend.ndjson")
            .toString()
            .trim()
            .split("\n")
            .map((line) => (JSON.parse(line) as { spend_date: string }).spend_date);
        expect([...new Set(spend)]).toEqual(["2024-02-27", "2024-02-28", "2024-02-29"]);
    });

    it.each([
        ["no --out", ["--days", "2"]],
        ["a non-numeric --days", ["--out", "x", "--days", "two"]],
        ["--days 0", ["--out", "x", "--days", "0"]],
        ["an impossible --start", ["--out", "x", "--start", "2024-02-30"]],
        ["an unknown option", ["--out", "x", "--weeks", "2"]],
        ["an unknown rate", ["--out", "x", "--rates", "gremlins=0.5"]],
        ["a rate above 1", ["--out", "x", "--rates", "replay=1.5"]],
    ])("refuses %s with exit code 2 and a message", async (_label, argv) => {
        const errors: string[] = [];
        expect(await runCommandLine(["generate", ...argv], { writeErr: (text) => void errors.push(text) })).toBe(2);
        expect(errors.join("")).toMatch(/error: .+/);
    });

    it("parses rate overrides over the defaults", () => {
        const rates = parseRates("replay=0.5, botShare=0");
        expect(rates.replay).toBe(0.5);
        expect(rates.botShare).toBe(0);
        expect(rates.lateBrowser).toBe(parseRates(undefined).lateBrowser);
    });
});
