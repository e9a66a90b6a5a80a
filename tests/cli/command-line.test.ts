/** The command line as a new user meets it: help, typos, values, exit codes, warehouse paths and locks. */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { colorsWanted } from "../../scripts/commands/output.ts";
import { describeCommandLine } from "../../scripts/commands/warehouse.ts";
import { fixtureProject } from "../fixtures/projects.ts";
import { local, root } from "./local.ts";

const scratch = mkdtempSync(join(tmpdir(), "command-line-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const COMMANDS = ["generate", "load", "run", "test", "query", "ls", "runs", "report", "validate", "bench", "demo", "bq"];

describe("help", () => {
    it("lists every command with the exit codes and examples, exit 0", async () => {
        const { code, stdout } = await local(["--help"]);
        expect(code).toBe(0);
        for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${command} `, "m"));
        expect(stdout).toMatch(/Exit codes: 0 done; 1 .*\n2 the command line is wrong .*\n3 the warehouse is in use/);
        expect(stdout).toMatch(/Examples:\n {2}npm run demo/);
    });

    it.each(COMMANDS)("`%s --help` shows its options with defaults and an example, exit 0", async (command) => {
        const { code, stdout } = await local([command, "--help"]);
        expect(code).toBe(0);
        expect(stdout).toMatch(new RegExp(`^Usage: npm run local -- ${command} `));
        expect(stdout).toMatch(/^Options:$/m);
        expect(stdout).toMatch(/^Examples?:$/m);
    });

    it("shows defaults in the help of the options that have them", async () => {
        const { stdout } = await local(["generate", "--help"]);
        expect(stdout).toMatch(/--days <n>\s+simulated days \(default: 7\)/);
        expect(stdout).toMatch(/--users <n>\s+human users; bots come on top \(default:\s+2000\)/);
    });
});

describe("mistakes, in the user's words", () => {
    it("names an unknown command with the nearest known one, exit 2", async () => {
        const { code, stderr } = await local(["rnu"]);
        expect(code).toBe(2);
        expect(stderr).toMatch(/error: unknown command 'rnu'\n\(Did you mean run\?\)/);
    });

    it.each([
        [
            ["generate", "--out", "x", "--users", "-5"],
            /option '--users <n>' argument '-5' is invalid\. expected a whole number from 1 to 10,000,000\./,
        ],
        [["generate", "--out", "x", "--start", "2024-02-30"], /argument '2024-02-30' is invalid\. expected a date as YYYY-MM-DD\./],
        [["load", "--dir", "/no/such/folder"], /argument '\/no\/such\/folder' is invalid\. there is no folder \/no\/such\/folder\./],
        [["run", "--vars", "reporting_currency"], /expected key=value pairs, .*"reporting_currency" is not one\./],
        [["query", "select 1", "--format", "xml"], /argument 'xml' is invalid\. Allowed choices are table, json, csv\./],
        [["generate", "--days", "2"], /required option '--out <dir>' not specified/],
    ])("refuses %j with a message and exit 2", async (args, message) => {
        const { code, stderr } = await local(args);
        expect(code).toBe(2);
        expect(stderr).toMatch(message);
    });

    it("refuses a wildcard that matches nothing, exit 2", async () => {
        const { code, stderr } = await local([
            "run",
            "--project",
            fixtureProject("graph"),
            "--warehouse",
            join(scratch, "w.duckdb"),
            "--actions",
            "mart_*",
            "--dry-run",
        ]);
        expect(code).toBe(2);
        expect(stderr).toMatch(/error: --actions: no action matches "mart_\*"/);
    });
});

describe("vars", () => {
    const run = (vars: string) => local(["run", "--vars", vars, "--dry-run", "--warehouse", join(scratch, "vars.duckdb")]);

    it("refuses an invalid value at compile time with one error naming the var, the value and what is allowed", async () => {
        const { code, stderr } = await run("reporting_timezone=Mars/Phobos");
        expect(code).toBe(1);
        expect(stderr).toBe(
            "error: Compilation failed with 1 error(s):\n" +
                '  includes/config.js: var reporting_timezone: "Mars/Phobos" is not valid; expected an IANA time zone name such as UTC or ' +
                'Europe/Berlin, or an offset such as +02:00 (the IANA time zone database has no "Mars/Phobos")\n',
        );
    });

    it("refuses a var the project does not know, naming the nearest one", async () => {
        const { code, stderr } = await run("reporting_timzone=UTC");
        expect(code).toBe(1);
        expect(stderr).toMatch(
            /^error: Compilation failed with 1 error\(s\):\n {2}includes\/config\.js: var reporting_timzone is not a var of this project; did you mean reporting_timezone\?/,
        );
    });

    it("refuses a value holding = that dataform --vars would cut, exit 2", async () => {
        const { code, stderr } = await run("bot_patterns=bot|a=b|spider");
        expect(code).toBe(2);
        expect(stderr).toMatch(
            /var bot_patterns: "bot\|a=b\|spider" holds "=", which dataform --vars cannot pass .*set this value in workflow_settings\.yaml instead/,
        );
    });
});

describe("warehouse paths", () => {
    const folder = join(scratch, "paths");
    mkdirSync(folder, { recursive: true });

    it("query on a warehouse that does not exist says so and creates nothing", async () => {
        const missing = join(folder, "missing.duckdb");
        const { code, stderr } = await local(["query", "select 1 as x", "--warehouse", missing]);
        expect(code).toBe(2);
        expect(stderr).toBe(`error: there is no warehouse at ${missing} (npm run local -- load or run creates one)\n`);
        expect(readdirSync(folder)).toEqual([]);
    });

    it("refuses a folder that does not exist, a folder, a file that is not a warehouse and an empty LOCAL_WAREHOUSE", async () => {
        const notAWarehouse = join(folder, "notes.txt");
        writeFileSync(notAWarehouse, "hello\n");
        const cases: [string[], NodeJS.ProcessEnv, string][] = [
            [
                ["load", "--dir", folder, "--warehouse", join(folder, "no", "w.duckdb")],
                {},
                `error: the folder ${join(folder, "no")} does not exist: create it, or choose a warehouse file in an existing folder\n`,
            ],
            [["ls", "--warehouse", folder], {}, `error: ${folder} is a folder, not a warehouse file\n`],
            [["query", "select 1", "--warehouse", notAWarehouse], {}, `error: ${notAWarehouse} is not a DuckDB warehouse file\n`],
            [
                ["ls"],
                { LOCAL_WAREHOUSE: "" },
                "error: LOCAL_WAREHOUSE is set but empty: unset it (for .local/warehouse.duckdb) or give a file path\n",
            ],
        ];
        for (const [args, environment, message] of cases) {
            const { code, stderr } = await local(args, environment);
            expect({ args, code, stderr }).toEqual({ args, code: 2, stderr: message });
        }
        expect(readdirSync(folder)).toEqual(["notes.txt"]);
    });

    it("run creates a missing warehouse file in an existing folder", async () => {
        const created = join(folder, "new.duckdb");
        const { code } = await local(["run", "--project", fixtureProject("graph"), "--warehouse", created, "--actions", "orders"]);
        expect(code).toBe(0);
        expect(existsSync(created)).toBe(true);
    });
});

describe("a warehouse held by another process", () => {
    it("stops a second writer at once and a reader, naming the process, exit 3", async () => {
        const path = join(scratch, "held.duckdb");
        const holder = spawn(process.execPath, ["--import", "tsx", "tests/cli/hold-warehouse.ts", path], {
            cwd: root,
            stdio: ["pipe", "pipe", "inherit"],
        });
        try {
            await new Promise<void>((resolve, reject) => {
                holder.stdout.once("data", () => resolve());
                holder.once("exit", (code) => reject(new Error(`the holder exited with ${code}`)));
            });
            const holderLine = `pid ${holder.pid} (${process.execPath} --import tsx tests/cli/hold-warehouse.ts ${path})`;
            const writer = await local(["load", "--dir", scratch, "--warehouse", path]);
            expect(writer.code).toBe(3);
            expect(writer.stderr).toBe(
                `error: the warehouse ${path} is in use by ${holderLine}; one process at a time may write it: wait for that one to end, or use another --warehouse\n`,
            );
            const reader = await local(["query", "select 1 as x", "--warehouse", path]);
            expect(reader.code).toBe(3);
            expect(reader.stderr).toBe(
                `error: the warehouse ${path} is in use by ${holderLine}; DuckDB lets no reader open a file while another process writes it: try again when that process ends\n`,
            );
        } finally {
            holder.stdin.end();
            await new Promise((resolve) => holder.once("exit", resolve));
        }
        // Free again once the holder has gone.
        expect((await local(["query", "select 1 as x", "--format", "json", "--warehouse", path])).stdout).toBe('[{"x":"1"}]\n');
    });
});

describe("the process holding a warehouse", () => {
    it("is shown as the npm command that started it when it is this tool", () => {
        const argv = [
            "/usr/bin/node",
            "--require",
            "/x/tsx/preflight.cjs",
            "--import",
            "file:///x/tsx/loader.mjs",
            "scripts/cli.ts",
            "run",
            "--full-refresh",
        ];
        expect(describeCommandLine(argv)).toBe("npm run local -- run --full-refresh");
        expect(describeCommandLine(["/usr/bin/python3", "etl.py"])).toBe("/usr/bin/python3 etl.py");
    });
});

describe("colour", () => {
    it("is used on a terminal only, and never with NO_COLOR or TERM=dumb", () => {
        expect(colorsWanted(true, {})).toBe(true);
        expect(colorsWanted(false, {})).toBe(false);
        expect(colorsWanted(false, { CI: "true", FORCE_COLOR: "1" })).toBe(false);
        expect(colorsWanted(true, { NO_COLOR: "1" })).toBe(false);
        expect(colorsWanted(true, { TERM: "dumb" })).toBe(false);
    });
});
