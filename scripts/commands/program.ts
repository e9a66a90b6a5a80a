/**
 * The command line: every command registered on one commander program; the
 * one asked for runs, and errors become messages and exit codes.
 */
import { Command, CommanderError } from "commander";
import picocolors from "picocolors";
import { SelectionError } from "../dataform/select.ts";
import { WarehouseError, WarehouseInUseError } from "../engines/duckdb/warehouse-file.ts";
import { register as bench } from "./bench.ts";
import { register as bq } from "./bq.ts";
import { register as demo } from "./demo.ts";
import { register as generate } from "./generate.ts";
import { register as load } from "./load.ts";
import { register as ls } from "./ls.ts";
import { EXIT, UsageError } from "./options.ts";
import { colorsWanted } from "./output.ts";
import { register as query } from "./query.ts";
import { register as report } from "./report.ts";
import { register as run } from "./run.ts";
import { register as runs } from "./runs.ts";
import { register as test } from "./test.ts";
import { register as truth } from "./truth.ts";
import { register as validate } from "./validate.ts";

export interface CommandLineOutput {
    /** Where commander's own messages (usage errors, help) and error messages go; default stdout / stderr. */
    writeOut?: (text: string) => void;
    writeErr?: (text: string) => void;
}

/** Runs one command line (without the node and script arguments); returns its exit code. */
export async function runCommandLine(argv: string[], output: CommandLineOutput = {}): Promise<number> {
    const writeErr = output.writeErr ?? ((text: string) => process.stderr.write(text));
    let code: number = EXIT.ok;
    const program = buildProgram((result) => (code = result), { writeOut: output.writeOut, writeErr });
    try {
        await program.parseAsync(argv, { from: "user" });
        return code;
    } catch (error) {
        return exitCodeOf(error, writeErr);
    }
}

function buildProgram(done: (code: number) => void, output: CommandLineOutput): Command {
    const program = new Command("npm run local --")
        .description("Run Dataform projects on a local DuckDB warehouse, held to BigQuery's semantics; this repository's data tools.")
        .showSuggestionAfterError(true)
        .showHelpAfterError("(add --help for the options)")
        .exitOverride()
        .configureOutput({
            ...(output.writeOut ? { writeOut: output.writeOut } : {}),
            ...(output.writeErr ? { writeErr: output.writeErr } : {}),
        })
        .addHelpText(
            "after",
            `
Exit codes: 0 done; 1 something ran and failed (an action, assertion, unit test, query or compilation);
2 the command line is wrong (unknown command or option, bad value, missing path, no action matching);
3 the warehouse is in use.

Examples:
  npm run demo                                     generate, load and run a week of traffic
  npm run local -- run --actions "mart_*" --include-deps --dry-run
  npm run local -- test                            the Dataform unit tests, on DuckDB
  npm run local -- ls                              datasets and tables with rows and columns
  npm run local -- report --out .local/report      lineage, data health and mart charts as a static site
Every command takes --help.`,
        );
    for (const register of [generate, load, run, test, query, ls, runs, report, validate, bench, demo, truth, bq]) register(program, done);
    return program;
}

function exitCodeOf(error: unknown, writeErr: (text: string) => void): number {
    // commander has printed its own message (an unknown command or option with the nearest known one, a bad value).
    if (error instanceof CommanderError) {
        return error.code === "commander.helpDisplayed" || error.code === "commander.version" ? EXIT.ok : EXIT.usage;
    }
    const red = picocolors.createColors(colorsWanted(process.stderr.isTTY === true, process.env)).red;
    writeErr(`${red(`error: ${(error as Error).message}`)}\n`);
    if (error instanceof WarehouseInUseError) return EXIT.warehouseInUse;
    if (error instanceof UsageError || error instanceof WarehouseError || error instanceof SelectionError) return EXIT.usage;
    return EXIT.failed;
}
