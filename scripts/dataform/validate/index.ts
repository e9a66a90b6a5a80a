/**
 * A local, free dry run: compiles a Dataform project and has ZetaSQL's
 * analyzer resolve and type-check every action's SQL, in dependency order,
 * against the declarations' typed schemas and the output columns of the
 * actions upstream. Then the incremental path of every incremental table,
 * with every table defined, as on a real incremental run (an incremental may
 * read a table downstream of it as the previous run left it). Nothing is
 * executed and no data is needed.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Column } from "../../engines/values.ts";
import { ZetaSql } from "../../engines/zetasql/index.ts";
import { compiledOf, runOrder, type Action } from "../actions.ts";
import { BigQuerySql } from "../bigquery-sql.ts";
import { compileProject } from "../compile.ts";
import { targetName, type CompiledDeclaration, type CompiledGraph, type CompiledTarget } from "../graph.ts";
import { selectActions } from "../select.ts";
import { describe } from "../statements.ts";
import type { AnalysisContext } from "./analyze.ts";
import { checkFullBuild, checkIncrementalRun, PartProblem } from "./check.ts";
import { KnownTables } from "./known-tables.ts";
import { locateInFile } from "./locate.ts";

export interface ActionReport {
    name: string;
    kind: Action["kind"];
    fileName?: string;
    status: "ok" | "error" | "unchecked";
    /** The error, or why the action was not checked. */
    message?: string;
}

export interface ValidationReport {
    actions: ActionReport[];
    /** True when every action was checked and none has an error. */
    ok: boolean;
}

export interface ValidateOptions {
    vars?: Record<string, string>;
    /** Typed columns of declarations, by `dataset.table` or `project.dataset.table` (the --schemas file), or made from the compiled graph. */
    schemas?: Record<string, Column[]> | ((graph: CompiledGraph) => Record<string, Column[]>);
    /** A server (or one starting) to use and leave running; otherwise one is started and stopped for the run. */
    zetaSql?: ZetaSql | Promise<ZetaSql>;
    onAction?: (report: ActionReport) => void;
}

export async function validateProject(projectDir: string, options: ValidateOptions = {}): Promise<ValidationReport> {
    const dir = resolve(projectDir);
    const graph = await compileProject(dir, { vars: options.vars });
    const catalog = new KnownTables(graph.projectConfig.defaultDatabase);
    for (const declaration of graph.declarations ?? [])
        defineDeclaration(
            declaration,
            catalog,
            declarationColumns(typeof options.schemas === "function" ? options.schemas(graph) : options.schemas),
        );
    const bigQuery = new BigQuerySql(graph.projectConfig);
    const zetaSql = await (options.zetaSql ?? ZetaSql.start());
    try {
        const context = { zetaSql, catalog };
        // Notebooks, data preparations and unit tests have no SQL for the analyzer.
        const ordered = runOrder(graph, selectActions(graph, {})).filter((action): action is Action => !("skipReason" in action));
        const actions: ActionReport[] = [];
        for (const action of ordered) actions.push(await validateAction(action, context, dir, bigQuery));
        for (const [index, action] of ordered.entries()) {
            if (action.kind === "incremental" && actions[index].status === "ok") {
                actions[index] = await checked(actions[index], action.fileName, dir, () => checkIncrementalRun(action, context, bigQuery));
            }
            options.onAction?.(actions[index]);
        }
        return { actions, ok: actions.every((action) => action.status === "ok") };
    } finally {
        if (!options.zetaSql) await zetaSql.stop();
    }
}

/** Typed columns for a declaration, from `schemas` by `dataset.table` or `project.dataset.table`. */
function declarationColumns(schemas: Record<string, Column[]> = {}): (target: CompiledTarget) => Column[] | undefined {
    const byName = new Map(Object.entries(schemas).map(([name, columns]) => [name.toLowerCase(), columns]));
    return (target) => byName.get(targetName(target).toLowerCase()) ?? byName.get(`${target.schema}.${target.name}`.toLowerCase());
}

function defineDeclaration(
    declaration: CompiledDeclaration,
    catalog: KnownTables,
    columnsOf: (target: CompiledTarget) => Column[] | undefined,
): void {
    const columns = columnsOf(declaration.target);
    if (columns) catalog.define(declaration.target, columns);
    else
        catalog.markUnknown(
            declaration.target,
            `no schema for declaration ${describe(declaration.target)} (give its columns with --schemas FILE)`,
        );
}

async function validateAction(action: Action, context: AnalysisContext, dir: string, bigQuery: BigQuerySql): Promise<ActionReport> {
    const compiled = compiledOf(action);
    const report: ActionReport = { name: action.name, kind: action.kind, fileName: compiled.fileName, status: "ok" };
    const unchecked =
        "jitCode" in compiled && compiled.jitCode
            ? "its SQL is generated at run time (jitCode)"
            : uncheckedInputs(compiled.dependencyTargets, context.catalog);
    if (unchecked) {
        context.catalog.markUnknown(compiled.target, `upstream ${describe(compiled.target)} was not checked`);
        return { ...report, status: "unchecked", message: unchecked };
    }
    return checked(
        report,
        compiled.fileName,
        dir,
        () => checkFullBuild(action, context, bigQuery),
        () => context.catalog.markUnknown(compiled.target, `upstream ${describe(compiled.target)} has errors`),
    );
}

/** Runs `check`; a problem in the SQL turns `report` into an error report. */
async function checked(
    report: ActionReport,
    fileName: string | undefined,
    dir: string,
    check: () => Promise<void>,
    onError?: () => void,
): Promise<ActionReport> {
    try {
        await check();
        return report;
    } catch (error) {
        onError?.();
        if (!(error instanceof PartProblem)) throw error;
        return { ...report, status: "error", message: formatProblem(error, dir, fileName) };
    }
}

/** Why an action cannot be checked: inputs without known columns. */
function uncheckedInputs(dependencies: CompiledTarget[] | undefined, catalog: KnownTables): string | undefined {
    const reasons = (dependencies ?? []).map((target) => catalog.unknownReason(target)).filter((reason) => reason !== undefined);
    return reasons.length > 0 ? [...new Set(reasons)].join("; ") : undefined;
}

/** `file:line:column: message (part)`, or the compiled SQL's line when the file does not hold the text. */
function formatProblem(error: PartProblem, dir: string, fileName: string | undefined): string {
    const { part, sql, problem } = error;
    if (!fileName) return `${problem.message} (${part})`;
    if (problem.offset === undefined) return `${fileName}: ${problem.message} (${part})`;
    const position = locateInFile(readSource(join(dir, fileName)), sql, problem.offset);
    if (position) {
        const generated = position.generated ? ", in text a ${...} there generates" : "";
        return `${fileName}:${position.line}:${position.column}: ${problem.message} (${part}${generated})`;
    }
    const before = sql.slice(0, problem.offset).split("\n");
    return `${fileName}: ${problem.message} (${part}, compiled SQL line ${before.length}:${before.at(-1)!.length + 1})`;
}

function readSource(path: string): string {
    try {
        return readFileSync(path, "utf8");
    } catch {
        return "";
    }
}
