/** `npm run bq -- <bootstrap|load|dry-run|sql>`: the BigQuery production tools. Parses arguments, calls the modules that do the work, prints. */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { dryRunProject, overLimit, totals, type Estimate } from "../dataform/dry-run.ts";
import { writeReviewFiles } from "../dataform/review-files.ts";
import { BigQueryClient, checkCredentials, type ConnectionOptions } from "../engines/bigquery/client.ts";
import { bootstrap } from "../tracking/bootstrap.ts";
import { loadDirectory } from "../tracking/load-bigquery.ts";
import { compileProject } from "../dataform/compile.ts";
import type { CompiledGraph } from "../dataform/graph.ts";
import { parseCommandArgs, UsageError, varsOption } from "./args.ts";

const COMMON = `Options of every subcommand:
  --project DIR        the Dataform project (default: this repository)
  --vars k=v,k2=v2     compilation vars, as dataform --vars
  --project-id ID      Google Cloud project (default: workflow_settings.yaml defaultProject, else the credentials' project)
  --location LOC       BigQuery location (default: workflow_settings.yaml defaultLocation)
  --key-file FILE      service account key (default: Application Default Credentials / GOOGLE_APPLICATION_CREDENTIALS)`;

const USAGE = `usage: npm run bq -- <subcommand> [options]
  bootstrap                  create the datasets and the raw tables (partitioned, clustered); existing ones are left alone
  load --dir DIR [--replace] load the NDJSON files in DIR into the raw tables with load jobs (append, or replace)
  dry-run [--max-bytes N]    dry-run every compiled action; bytes each; exit 1 when one exceeds N (e.g. 10GB, 500MiB)
  sql --out DIR              every compiled action's SQL, formatted, one file each (no credentials needed)
${COMMON}`;

const COMMON_OPTIONS = {
    project: { type: "string" },
    vars: { type: "string", multiple: true },
    "project-id": { type: "string" },
    location: { type: "string" },
    "key-file": { type: "string" },
} as const;

/** What tests inject: a fake endpoint and a static-token auth client, where lines go, and a (cached) compile. */
export interface BqOverrides extends Pick<ConnectionOptions, "apiEndpoint" | "authClient"> {
    print?: (line: string) => void;
    compile?: typeof compileProject;
}

type CommonValues = { project?: string; vars?: string[]; "project-id"?: string; location?: string; "key-file"?: string };

export function main(argv: string[]): Promise<number> {
    return runBq(argv, {});
}

export async function runBq(argv: string[], overrides: BqOverrides): Promise<number> {
    const [subcommand, ...rest] = argv;
    const print = overrides.print ?? ((line: string) => console.log(line));
    if (subcommand === "--help" || subcommand === "-h") {
        print(USAGE);
        return 0;
    }
    switch (subcommand) {
        case "bootstrap":
            return bootstrapCommand(rest, overrides, print);
        case "load":
            return loadCommand(rest, overrides, print);
        case "dry-run":
            return dryRunCommand(rest, overrides, print);
        case "sql":
            return sqlCommand(rest, overrides, print);
        default:
            throw new UsageError(`${subcommand ? `unknown subcommand "${subcommand}"` : "a subcommand is needed"}\n${USAGE}`);
    }
}

async function bootstrapCommand(argv: string[], overrides: BqOverrides, print: (line: string) => void): Promise<number> {
    const args = parseCommandArgs(argv, `usage: npm run bq -- bootstrap [options]\n${COMMON}`, COMMON_OPTIONS);
    if (!args) return 0;
    const { client, graph } = await connect(args.values, overrides);
    print(`Bootstrapping project ${client.projectId} (location ${client.location ?? "default"}) ...`);
    const report = await bootstrap(client, graph);
    for (const dataset of report.datasets) print(`  dataset ${dataset.name}: ${dataset.created ? "created" : "exists, left as it is"}`);
    for (const table of report.tables) print(`  table ${table.name}: ${table.created ? "created" : "exists, left as it is"}`);
    return 0;
}

async function loadCommand(argv: string[], overrides: BqOverrides, print: (line: string) => void): Promise<number> {
    const usage = `usage: npm run bq -- load --dir DIR [--replace] [options]\n${COMMON}`;
    const args = parseCommandArgs(argv, usage, { ...COMMON_OPTIONS, dir: { type: "string" }, replace: { type: "boolean" } });
    if (!args) return 0;
    if (!args.values.dir) throw new UsageError(`--dir is required\n${usage}`);
    const { client, graph } = await connect(args.values, overrides);
    const results = await loadDirectory(client, graph, resolve(args.values.dir), args.values.replace === true);
    for (const result of results) {
        if (result.errors.length === 0) {
            print(
                `  ${result.file} -> ${client.projectId}.${result.table}: ${result.rows} rows ${args.values.replace ? "(replaced)" : "appended"}`,
            );
            continue;
        }
        print(`  ${result.file} -> ${client.projectId}.${result.table}: FAILED, nothing loaded`);
        for (const error of result.errors) {
            const where = [error.line ? `line ${error.line}` : undefined, error.location].filter(Boolean).join(", ");
            print(`      ${where ? `[${where}] ` : ""}${error.message}`);
        }
    }
    return results.some((result) => result.errors.length > 0) ? 1 : 0;
}

async function dryRunCommand(argv: string[], overrides: BqOverrides, print: (line: string) => void): Promise<number> {
    const usage = `usage: npm run bq -- dry-run [--max-bytes N] [options]
Each action variant (full; incremental for incrementals) over N bytes fails the command; totals are printed.
${COMMON}`;
    const args = parseCommandArgs(argv, usage, { ...COMMON_OPTIONS, "max-bytes": { type: "string" } });
    if (!args) return 0;
    const maxBytes = args.values["max-bytes"] === undefined ? undefined : parseBytes(args.values["max-bytes"]);
    const { client, graph } = await connect(args.values, overrides);
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
    const over = maxBytes === undefined ? [] : overLimit(estimates, maxBytes);
    if (failed.length) print(`${failed.length} dry run(s) failed.`);
    if (over.length) print(`${over.length} action(s) over --max-bytes ${formatBytes(maxBytes ?? 0)}: ${over.map(variantName).join(", ")}`);
    return failed.length || over.length ? 1 : 0;
}

async function sqlCommand(argv: string[], overrides: BqOverrides, print: (line: string) => void): Promise<number> {
    const usage = `usage: npm run bq -- sql --out DIR [--project DIR] [--vars k=v]
Writes DIR/<dataset>/<name>.sql for every action (and <name>.incremental.sql for incrementals). Needs no credentials.`;
    const args = parseCommandArgs(argv, usage, { project: COMMON_OPTIONS.project, vars: COMMON_OPTIONS.vars, out: { type: "string" } });
    if (!args) return 0;
    if (!args.values.out) throw new UsageError(`--out is required\n${usage}`);
    const graph = await compile(args.values, overrides);
    const files = writeReviewFiles(graph, resolve(args.values.out));
    print(`Wrote ${files.length} file(s) for ${new Set(files.map((file) => file.action)).size} action(s) to ${args.values.out}`);
    return 0;
}

/** Credentials are checked before the (slower) compile so a missing login fails fast. */
async function connect(values: CommonValues, overrides: BqOverrides): Promise<{ client: BigQueryClient; graph: CompiledGraph }> {
    const keyFile = values["key-file"];
    if (keyFile && !existsSync(keyFile)) throw new UsageError(`--key-file ${keyFile} does not exist`);
    const connection: ConnectionOptions = { keyFile, apiEndpoint: overrides.apiEndpoint, authClient: overrides.authClient };
    await checkCredentials(connection);
    const graph = await compile(values, overrides);
    const client = await BigQueryClient.open({
        ...connection,
        projectId: values["project-id"] ?? graph.projectConfig.defaultDatabase,
        location: values.location ?? graph.projectConfig.defaultLocation,
    });
    return { client, graph };
}

function compile(values: CommonValues, overrides: BqOverrides): Promise<CompiledGraph> {
    return (overrides.compile ?? compileProject)(resolve(values.project ?? "."), { vars: varsOption(values.vars) });
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
    if (!match) throw new UsageError(`--max-bytes takes a byte count such as 1000000, 10GB or 500MiB, got "${text}"`);
    return Math.floor(Number(match[1]) * UNITS[(match[2] ?? "B").toUpperCase()]);
}

/** Bytes exactly, with a readable binary size beside them. */
export function formatBytes(bytes: number): string {
    const units = ["KiB", "MiB", "GiB", "TiB"];
    let value = bytes;
    let unit = "";
    for (const next of units) {
        if (value < 1024) break;
        value /= 1024;
        unit = next;
    }
    return unit ? `${bytes} B (${value.toFixed(1)} ${unit})` : `${bytes} B`;
}
