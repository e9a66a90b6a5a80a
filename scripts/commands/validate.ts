import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Column } from "../engines/values.ts";
import type { CompiledGraph } from "../dataform/graph.ts";
import { ZetaSql } from "../engines/zetasql/index.ts";
import { rawSchemas } from "../tracking/raw-tables.ts";
import { isThisRepository } from "../tracking/repository.ts";
import { validateProject, type ActionReport } from "../dataform/validate/index.ts";
import { parseCommandArgs, UsageError, varsOption } from "./args.ts";

const USAGE = `usage: npm run validate -- [--project DIR] [--vars k=v,k2=v2] [--schemas FILE]
Compiles the Dataform project (default: this repository) and analyzes every action's SQL with
ZetaSQL's analyzer against the declared schemas: a local, free dry run. --schemas FILE is JSON,
{"dataset.table": [{"name": "id", "type": "INT64"}, ...]}, typing declarations of other projects.
Exits 1 when any action has an error or could not be checked.`;

const MARK: Record<ActionReport["status"], string> = { ok: "OK  ", error: "FAIL", unchecked: "NOT CHECKED" };

export async function main(argv: string[]): Promise<number> {
    const args = parseCommandArgs(argv, USAGE, {
        project: { type: "string" },
        vars: { type: "string", multiple: true },
        schemas: { type: "string" },
    });
    if (!args) return 0;
    const { values } = args;
    const started = performance.now();
    const projectDir = resolve(values.project ?? ".");
    // This repository's raw tables are typed by its input contract; other projects give a --schemas file.
    const fromFile = values.schemas ? readSchemas(values.schemas) : {};
    const schemas = (graph: CompiledGraph) => ({ ...(isThisRepository(projectDir) ? rawSchemas(graph) : {}), ...fromFile });
    // Starts while the project compiles. Not stopped: it dies with this process, and a clean stop costs seconds.
    const zetaSql = ZetaSql.start();
    const report = await validateProject(projectDir, {
        vars: varsOption(values.vars),
        schemas,
        zetaSql,
        onAction: (action) => console.log(formatAction(action)),
    });
    console.log(formatSummary(report.actions, (performance.now() - started) / 1000));
    return report.ok ? 0 : 1;
}

function formatAction(action: ActionReport): string {
    const line = `${MARK[action.status]} ${action.kind.padEnd(11)} ${action.name}`;
    return action.message ? `${line}\n       ${action.message}` : line;
}

function formatSummary(actions: ActionReport[], seconds: number): string {
    const count = (status: ActionReport["status"]) => actions.filter((action) => action.status === status).length;
    return `validated ${actions.length} actions in ${seconds.toFixed(1)}s: ${count("ok")} OK, ${count("error")} with errors, ${count("unchecked")} not checked`;
}

/** The --schemas file: {"dataset.table": [{name, type}]}. */
function readSchemas(path: string): Record<string, Column[]> {
    let parsed: unknown;
    try {
        parsed = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
        throw new UsageError(`--schemas ${path}: ${(error as Error).message}`);
    }
    const valid =
        typeof parsed === "object" &&
        parsed !== null &&
        !Array.isArray(parsed) &&
        Object.values(parsed).every(
            (columns) =>
                Array.isArray(columns) && columns.every((column) => typeof column?.name === "string" && typeof column?.type === "string"),
        );
    if (!valid) throw new UsageError(`--schemas ${path}: expected {"dataset.table": [{"name": ..., "type": ...}]}`);
    return parsed as Record<string, Column[]>;
}
