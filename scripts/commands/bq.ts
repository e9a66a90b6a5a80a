/** `npm run bq -- <bootstrap|load|dry-run|sql>`: the BigQuery production tools. Parses arguments, calls the modules that do the work, prints. */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { dryRunProject, overLimit, totals, type Estimate } from "../dataform/dry-run.ts";
import { writeReviewFiles } from "../dataform/review-files.ts";
import type { BigQueryClient, ConnectionOptions } from "../engines/bigquery/client.ts";
import { bootstrap } from "../tracking/bootstrap.ts";
import { loadDirectory } from "../tracking/load-bigquery.ts";
import { compileProject } from "../dataform/compile.ts";
import type { CompiledGraph } from "../dataform/graph.ts";
import { EXIT, existingFolder, projectOption, UsageError, varsOption, wholeNumber } from "./options.ts";
import { formatSize } from "./output.ts";

/** What tests inject: a fake endpoint and a static-token auth client, where lines go, and a (cached) compile. */
export interface BqOverrides extends Pick<ConnectionOptions, "apiEndpoint" | "authClient"> {
    print?: (line: string) => void;
    compile?: typeof compileProject;
}

type CommonValues = { project: string; vars: Record<string, string>; projectId?: string; location?: string; keyFile?: string };
type Print = (line: string) => void;

/** The options every subcommand but sql takes. */
function withConnectionOptions(command: Command): Command {
    return command
        .addOption(projectOption())
        .addOption(varsOption())
        .option("--project-id <id>", "Google Cloud project (default: workflow_settings.yaml defaultProject, else the credentials' project)")
        .option("--location <location>", "BigQuery location (default: workflow_settings.yaml defaultLocation)")
        .option("--key-file <file>", "a service account key (default: Application Default Credentials / GOOGLE_APPLICATION_CREDENTIALS)");
}

/** Adds bootstrap, load, dry-run and sql to `bq`; each reports its exit code to `done`. */
export function addBqSubcommands(bq: Command, overrides: BqOverrides, done: (code: number) => void): Command {
    const print: Print = overrides.print ?? ((line) => console.log(line));
    withConnectionOptions(
        bq
            .command("bootstrap")
            .description("create the datasets and the raw tables (partitioned, clustered); existing ones are left alone"),
    )
        .addHelpText("after", "\nExample:\n  npm run bq -- bootstrap --key-file key.json")
        .action(async (values: CommonValues) => done(await bootstrapCommand(values, overrides, print)));
    withConnectionOptions(
        bq.command("load").description("load the NDJSON files of a folder into the raw tables with load jobs (append, or replace)"),
    )
        .requiredOption("--dir <dir>", "the folder holding the NDJSON files", existingFolder)
        .option("--replace", "replace each table's rows (WRITE_TRUNCATE) instead of appending")
        .option("--max-bad-records <n>", "bad lines a file may hold and still load without them (maxBadRecords)", wholeNumber(0), 0)
        .option("--ignore-unknown-values", "drop fields the raw table does not have instead of refusing the line (ignoreUnknownValues)")
        .addHelpText("after", "\nExample:\n  npm run bq -- load --dir .local/data --replace")
        .action(async (values: LoadValues) => done(await loadCommand(values, overrides, print)));
    withConnectionOptions(
        bq.command("dry-run").description("dry-run every compiled action; bytes each; exit 1 when one exceeds --max-bytes"),
    )
        .option(
            "--max-bytes <bytes>",
            "fail when an action's estimate (either variant) exceeds this: 1000000, 10GB (10^9 each), 500MiB (2^20 each)",
            parseBytes,
        )
        .addHelpText("after", "\nExample:\n  npm run bq -- dry-run --max-bytes 50GB")
        .action(async (values: CommonValues & { maxBytes?: number }) => done(await dryRunCommand(values, overrides, print)));
    bq.command("sql")
        .description("write every compiled action's SQL, formatted, one file each (needs no credentials)")
        .requiredOption("--out <dir>", "the folder to write: <dir>/<dataset>/<name>.sql, and <name>.incremental.sql for incrementals")
        .addOption(projectOption())
        .addOption(varsOption())
        .addHelpText("after", "\nExample:\n  npm run bq -- sql --out review-sql")
        .action(async (values: CommonValues & { out: string }) => done(await sqlCommand(values, overrides, print)));
    return bq;
}

export function register(program: Command, done: (code: number) => void): void {
    const bq = program
        .command("bq")
        .summary("BigQuery tools: bootstrap | load | dry-run | sql")
        .description("BigQuery tools: bootstrap, load, dry-run (need credentials) and sql (needs none).")
        .addHelpText(
            "after",
            "\nExamples:\n  npm run bq -- bootstrap\n  npm run bq -- dry-run --max-bytes 50GB\n  npm run bq -- sql --out review-sql",
        );
    addBqSubcommands(bq, {}, done);
}

/** `npm run bq -- ...` in process (tests): parses argv, runs the subcommand, returns its exit code. */
export async function runBq(argv: string[], overrides: BqOverrides): Promise<number> {
    let code: number = EXIT.ok;
    const bq = new Command("npm run bq --").exitOverride();
    addBqSubcommands(bq, overrides, (result) => (code = result));
    await bq.parseAsync(argv, { from: "user" });
    return code;
}

async function bootstrapCommand(values: CommonValues, overrides: BqOverrides, print: Print): Promise<number> {
    const { client, graph } = await connect(values, overrides);
    print(`Bootstrapping project ${client.projectId} (location ${client.location ?? "default"}) ...`);
    const report = await bootstrap(client, graph);
    for (const dataset of report.datasets) print(`  dataset ${dataset.name}: ${dataset.created ? "created" : "exists, left as it is"}`);
    for (const table of report.tables) print(`  table ${table.name}: ${table.created ? "created" : "exists, left as it is"}`);
    return EXIT.ok;
}

type LoadValues = CommonValues & { dir: string; replace?: boolean; maxBadRecords: number; ignoreUnknownValues?: boolean };

async function loadCommand(values: LoadValues, overrides: BqOverrides, print: Print): Promise<number> {
    const { client, graph } = await connect(values, overrides);
    const results = await loadDirectory(client, graph, values.dir, {
        replace: values.replace === true,
        maxBadRecords: values.maxBadRecords,
        ignoreUnknownValues: values.ignoreUnknownValues,
    });
    for (const result of results) {
        if (result.errors.length === 0) {
            print(
                `  ${result.file} -> ${client.projectId}.${result.table}: ${result.rows} rows ${values.replace ? "(replaced)" : "appended"}`,
            );
            continue;
        }
        print(`  ${result.file} -> ${client.projectId}.${result.table}: FAILED, nothing loaded`);
        for (const error of result.errors) {
            const where = [error.line ? `line ${error.line}` : undefined, error.location].filter(Boolean).join(", ");
            print(`      ${where ? `[${where}] ` : ""}${error.message}`);
        }
    }
    return results.some((result) => result.errors.length > 0) ? EXIT.failed : EXIT.ok;
}

async function dryRunCommand(values: CommonValues & { maxBytes?: number }, overrides: BqOverrides, print: Print): Promise<number> {
    const { client, graph } = await connect(values, overrides);
    const compiledProject = graph.projectConfig.defaultDatabase;
    if (compiledProject && compiledProject !== client.projectId) {
        print(
            `note: jobs run in ${client.projectId}; the compiled SQL names tables in ${compiledProject} (workflow_settings.yaml defaultProject)`,
        );
    }
    print(`Dry run in ${client.projectId} (location ${client.location ?? "default"}):`);
    const estimates = await dryRunProject(client, graph);
    for (const estimate of estimates) print(estimateLine(estimate));
    const { fullRefresh, incrementalRun } = totals(estimates);
    print(`Total, full refresh:   ${formatBytes(fullRefresh)}`);
    print(`Total, incremental run: ${formatBytes(incrementalRun)}`);
    const failed = estimates.filter((estimate) => estimate.error);
    const over = values.maxBytes === undefined ? [] : overLimit(estimates, values.maxBytes);
    if (failed.length) print(`${failed.length} dry run(s) failed.`);
    if (over.length)
        print(`${over.length} action(s) over --max-bytes ${formatBytes(values.maxBytes ?? 0)}: ${over.map(variantName).join(", ")}`);
    return failed.length || over.length ? EXIT.failed : EXIT.ok;
}

async function sqlCommand(values: CommonValues & { out: string }, overrides: BqOverrides, print: Print): Promise<number> {
    const graph = await compile(values, overrides);
    const files = writeReviewFiles(graph, resolve(values.out));
    print(`Wrote ${files.length} file(s) for ${new Set(files.map((file) => file.action)).size} action(s) to ${values.out}`);
    return EXIT.ok;
}

/** Credentials are checked before the (slower) compile so a missing login fails fast. */
async function connect(values: CommonValues, overrides: BqOverrides): Promise<{ client: BigQueryClient; graph: CompiledGraph }> {
    const keyFile = values.keyFile;
    if (keyFile && !existsSync(keyFile)) throw new UsageError(`--key-file ${keyFile} does not exist`);
    const connection: ConnectionOptions = { keyFile, apiEndpoint: overrides.apiEndpoint, authClient: overrides.authClient };
    const { BigQueryClient, checkCredentials } = await import("../engines/bigquery/client.ts");
    await checkCredentials(connection);
    const graph = await compile(values, overrides);
    const client = await BigQueryClient.open({
        ...connection,
        projectId: values.projectId ?? graph.projectConfig.defaultDatabase,
        location: values.location ?? graph.projectConfig.defaultLocation,
    });
    return { client, graph };
}

function compile(values: CommonValues, overrides: BqOverrides): Promise<CompiledGraph> {
    return (overrides.compile ?? compileProject)(values.project, { vars: values.vars });
}

function estimateLine(estimate: Estimate): string {
    const kind = estimate.kind.padEnd(11);
    if (estimate.error) return `  ${"ERROR".padStart(24)}  ${kind} ${variantName(estimate)}: ${estimate.error.split("\n")[0]}`;
    if (estimate.skipped) return `  ${"-".padStart(24)}  ${kind} ${variantName(estimate)}: skipped, ${estimate.skipped}`;
    return `  ${formatBytes(estimate.bytes ?? 0).padStart(24)}  ${kind} ${variantName(estimate)}`;
}

function variantName(estimate: Estimate): string {
    return estimate.variant === "incremental" ? `${estimate.action} (incremental)` : estimate.action;
}

const UNITS: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KIB: 2 ** 10, MIB: 2 ** 20, GIB: 2 ** 30, TIB: 2 ** 40 };

/** "1000", "10GB" (10^9), "500MiB" (2^20 each) -> bytes. */
export function parseBytes(text: string): number {
    const match = /^(\d+(?:\.\d+)?)\s*([KMGT]i?B|B)?$/i.exec(text.trim());
    if (!match) throw new InvalidArgumentError("expected a byte count such as 1000000, 10GB or 500MiB.");
    return Math.floor(Number(match[1]) * UNITS[(match[2] ?? "B").toUpperCase()]);
}

/** Bytes exactly, with a readable binary size beside them. */
export function formatBytes(bytes: number): string {
    return bytes < 1024 ? `${bytes} B` : `${bytes} B (${formatSize(bytes)})`;
}
