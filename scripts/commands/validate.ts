/** `validate` (npm run validate): a local dry run, every compiled action analyzed by ZetaSQL against the declared schemas. */
import { readFileSync } from "node:fs";
import { Command, InvalidArgumentError } from "commander";
import type { Column } from "../engines/values.ts";
import type { CompiledGraph } from "../dataform/graph.ts";
import type { ActionReport } from "../dataform/validate/index.ts";
import { rawSchemas } from "../tracking/raw-tables.ts";
import { isThisRepository } from "../tracking/repository.ts";
import { EXIT, projectOption, varsOption } from "./options.ts";

const MARK: Record<ActionReport["status"], string> = { ok: "OK  ", error: "FAIL", unchecked: "NOT CHECKED" };

export function register(program: Command, done: (code: number) => void): void {
    program
        .command("validate")
        .summary("local dry run: every action analyzed by ZetaSQL")
        .description(
            "A local, free dry run: compile the project and analyze every action's SQL with ZetaSQL's analyzer against the declared schemas.",
        )
        .addOption(projectOption())
        .addOption(varsOption())
        .option(
            "--schemas <file>",
            'JSON typing the declarations of other projects: {"dataset.table": [{"name": "id", "type": "INT64"}]}',
            readSchemas,
        )
        .addHelpText(
            "after",
            "\nExit code 1 when any action has an error or could not be checked.\n\nExample:\n  npm run validate -- --vars reporting_currency=EUR",
        )
        .action(async (values: { project: string; vars: Record<string, string>; schemas?: Record<string, Column[]> }) => {
            done(await validate(values));
        });
}

async function validate(values: { project: string; vars: Record<string, string>; schemas?: Record<string, Column[]> }): Promise<number> {
    // Loaded here: ZetaSQL takes a second to load, which --help need not wait for.
    const { ZetaSql } = await import("../engines/zetasql/index.ts");
    const { validateProject } = await import("../dataform/validate/index.ts");
    const started = performance.now();
    const projectDir = values.project;
    // This repository's raw tables are typed by its input contract; other projects give a --schemas file.
    const fromFile = values.schemas ?? {};
    const schemas = (graph: CompiledGraph) => ({ ...(isThisRepository(projectDir) ? rawSchemas(graph) : {}), ...fromFile });
    // Starts while the project compiles. Not stopped: it dies with this process, and a clean stop costs seconds.
    const zetaSql = ZetaSql.start();
    const report = await validateProject(projectDir, {
        vars: values.vars,
        schemas,
        zetaSql,
        onAction: (action) => console.log(formatAction(action)),
    });
    console.log(formatSummary(report.actions, (performance.now() - started) / 1000));
    return report.ok ? EXIT.ok : EXIT.failed;
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
        throw new InvalidArgumentError(`${path}: ${(error as Error).message}`);
    }
    const valid =
        typeof parsed === "object" &&
        parsed !== null &&
        !Array.isArray(parsed) &&
        Object.values(parsed).every(
            (columns) =>
                Array.isArray(columns) && columns.every((column) => typeof column?.name === "string" && typeof column?.type === "string"),
        );
    if (!valid) throw new InvalidArgumentError(`${path}: expected {"dataset.table": [{"name": ..., "type": ...}]}`);
    return parsed as Record<string, Column[]>;
}
