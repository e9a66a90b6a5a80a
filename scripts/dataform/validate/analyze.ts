/**
 * Analyzes BigQuery SQL the way an action runs it, one statement at a time,
 * since ZetaSQL's analyzer takes single statements, not scripts.
 *
 * DECLARE and SET: the variable's type is the declared one, or the type the
 * analyzer gives its DEFAULT expression (which is analyzed too). Every later
 * reference is replaced by a NULL literal of that type, so each statement is
 * type-checked with the variable's real type without running anything. (Like
 * the ZetaSQL engine's inlining, a column named like a variable loses to it.)
 *
 * CREATE TABLE/VIEW ... AS in a script defines that table's columns for the
 * statements and actions after it.
 */
import { bigQueryLiteral, readScript, ScriptVariables, type ScriptStep } from "../../engines/script.ts";
import type { Column } from "../../engines/values.ts";
import type { ZetaSql } from "../../engines/zetasql/index.ts";
import { readStatement } from "../../engines/zetasql/statements.ts";
import type { CompiledTarget } from "../graph.ts";
import type { KnownTables } from "./known-tables.ts";

/** A problem in one compiled SQL text; `offset` is where in that text, when ZetaSQL says. */
export class SqlProblem extends Error {
    constructor(
        message: string,
        readonly offset?: number,
    ) {
        super(message);
    }
}

/** The variables of one running script, with the literal each stands for (to map error positions back). */
export class ScriptScope {
    readonly variables = new ScriptVariables();
    readonly literals = new Map<string, string>();
    readonly types = new Map<string, string>();

    declare(name: string, type: string): void {
        this.variables.declare(name, type, null, type);
        this.literals.set(name, bigQueryLiteral(null, type));
        this.types.set(name, type);
    }
}

export interface AnalysisContext {
    zetaSql: ZetaSql;
    catalog: KnownTables;
    /** A table left out of the catalog while this text runs (the action's own target before it exists). */
    absent?: CompiledTarget;
}

/** Analyzes a query (with the scope's variables) and returns its output columns. */
export async function analyzeQuery(sql: string, scope: ScriptScope, context: AnalysisContext): Promise<Column[]> {
    const steps = readSteps(sql);
    const statements = steps.filter((step) => step.step.kind === "statement");
    if (statements.length !== 1 || steps.length !== 1) throw new SqlProblem(`expected one query, found ${steps.length} statements`);
    return analyzeStatement(steps[0]!.start, (steps[0]!.step as { sql: string }).sql, scope, context);
}

/** Analyzes every statement of a script; DECLARE and SET feed the statements after them. */
export async function analyzeScript(sql: string, scope: ScriptScope, context: AnalysisContext): Promise<void> {
    for (const { step, start } of readSteps(sql)) {
        if (step.kind === "statement") await analyzeStatement(start, step.sql, scope, context);
        else if (step.kind === "declare") await analyzeDeclare(sql, start, step, scope, context);
        else if (step.kind === "set") await analyzeSet(sql, start, step, scope, context);
        // Other procedural steps (IF, BEGIN...END, EXECUTE IMMEDIATE...) and notes are not analyzed.
    }
}

/** The script's steps with where each starts in `sql`. */
function readSteps(sql: string): { step: ScriptStep; start: number }[] {
    let steps: ScriptStep[];
    try {
        steps = readScript(sql);
    } catch (error) {
        throw new SqlProblem((error as Error).message);
    }
    let cursor = 0;
    return steps.map((step) => {
        const start = stepStart(sql, step, cursor);
        cursor = start + 1;
        return { step, start };
    });
}

function stepStart(sql: string, step: ScriptStep, from: number): number {
    if (step.kind === "statement") return Math.max(sql.indexOf(step.sql, from), from);
    const keyword = new RegExp(`\\b${step.kind}\\b`, "gi");
    keyword.lastIndex = from;
    return keyword.exec(sql)?.index ?? from;
}

/** Analyzes one statement that starts at `start` in its script; a CREATE ... AS defines its table. Returns a query's columns. */
async function analyzeStatement(start: number, statement: string, scope: ScriptScope, context: AnalysisContext): Promise<Column[]> {
    const inlined = inlineVariables(statement, scope);
    const { columns } = await analyzeText(inlined.text, context, (offset) => start + inlined.originalOffset(offset));
    checkDistinctNames(columns);
    if (/^\s*create\b/i.test(statement)) await defineCreated(inlined.text, context);
    return columns;
}

async function analyzeDeclare(
    sql: string,
    start: number,
    step: Extract<ScriptStep, { kind: "declare" }>,
    scope: ScriptScope,
    context: AnalysisContext,
): Promise<void> {
    let type = step.type;
    if (step.expression !== undefined) {
        const valueType = await analyzeExpression(sql, start, step.expression, step.type, scope, context);
        type ??= valueType;
    }
    if (!type) throw new SqlProblem(`DECLARE ${step.names.join(", ")} has neither a type nor a DEFAULT`, start);
    for (const name of step.names) {
        if (scope.types.has(name)) throw new SqlProblem(`variable ${name} is declared twice in one script`, start);
        scope.declare(name, type);
    }
}

async function analyzeSet(
    sql: string,
    start: number,
    step: Extract<ScriptStep, { kind: "set" }>,
    scope: ScriptScope,
    context: AnalysisContext,
): Promise<void> {
    const type = scope.types.get(step.name);
    if (!type) throw new SqlProblem(`SET ${step.name}: the variable is not declared`, start);
    await analyzeExpression(sql, start, step.expression, type, scope, context);
}

/** Analyzes a DECLARE/SET value as `select cast((expr) as type)`; returns its type. */
async function analyzeExpression(
    sql: string,
    start: number,
    expression: string,
    type: string | undefined,
    scope: ScriptScope,
    context: AnalysisContext,
): Promise<string> {
    const at = sql.indexOf(expression, start);
    const inlined = inlineVariables(expression, scope);
    const prefix = type ? "select cast((" : "select (";
    const query = `${prefix}${inlined.text})${type ? ` as ${type})` : ""} as value`;
    // Only the first line carries the prefix; ZetaSQL's positions after it are the expression's.
    const toScript = (offset: number) => (at < 0 ? start : at + inlined.originalOffset(Math.max(offset - prefix.length, 0)));
    const { columns } = await analyzeText(query, context, toScript);
    return columns[0]!.type;
}

/** Runs ZetaSQL's analyzer; errors become SqlProblems at the position `toScript` maps theirs to. */
async function analyzeText(text: string, context: AnalysisContext, toScript: (offset: number) => number): Promise<{ columns: Column[] }> {
    try {
        return await context.zetaSql.analyze(text, context.catalog.schemas(context.absent));
    } catch (error) {
        const message = (error as Error).message;
        const offset = errorOffset(text, message);
        throw new SqlProblem(message.replace(/\s*\[at \d+:\d+\]/, ""), offset === undefined ? undefined : toScript(offset));
    }
}

/** Where "[at line:column]" points in `text` (ZetaSQL counts columns in bytes). */
function errorOffset(text: string, message: string): number | undefined {
    const match = /\[at (\d+):(\d+)\]/.exec(message);
    if (!match) return undefined;
    const lines = text.split("\n");
    const lineIndex = Number(match[1]) - 1;
    if (lineIndex >= lines.length) return undefined;
    const lineStart = lines.slice(0, lineIndex).reduce((sum, line) => sum + line.length + 1, 0);
    const bytesIn = Buffer.from(lines[lineIndex]!, "utf8").subarray(0, Number(match[2]) - 1);
    return lineStart + bytesIn.toString("utf8").length;
}

/** BigQuery refuses to store a result with two columns of one name. */
function checkDistinctNames(columns: Column[]): void {
    const seen = new Set<string>();
    for (const column of columns) {
        if (seen.has(column.name.toLowerCase())) throw new SqlProblem(`duplicate column name in the result: ${column.name}`);
        seen.add(column.name.toLowerCase());
    }
}

/** CREATE TABLE/VIEW ... AS: the columns of its query become the table's. */
async function defineCreated(statement: string, context: AnalysisContext): Promise<void> {
    const created = readStatement(statement, await context.zetaSql.parse(statement));
    if ((created.kind !== "create-table" && created.kind !== "create-view") || created.query === undefined) return;
    const target = context.catalog.targetOfPath(created.path);
    if (!target) return;
    const { columns } = await context.zetaSql.analyze(created.query, context.catalog.schemas(context.absent));
    context.catalog.define(target, columns);
}

/** The statement with variables replaced, and a map from its offsets back to the statement's. */
function inlineVariables(statement: string, scope: ScriptScope): { text: string; originalOffset: (offset: number) => number } {
    if (scope.literals.size === 0) return { text: statement, originalOffset: (offset) => offset };
    const text = scope.variables.inline(statement);
    return { text, originalOffset: (offset) => undoInlining(statement, text, offset, scope.literals) };
}

/** Walks the original and the inlined text together; a literal maps to the start of the name it replaced. */
function undoInlining(original: string, inlined: string, offset: number, literals: Map<string, string>): number {
    let i = 0;
    let j = 0;
    while (j < offset && i < original.length) {
        const replaced = replacedAt(original, i, inlined, j, literals);
        if (replaced) {
            if (offset < j + replaced.literal) return i;
            i += replaced.name;
            j += replaced.literal;
        } else {
            i++;
            j++;
        }
    }
    return i + (offset - j);
}

function replacedAt(
    original: string,
    i: number,
    inlined: string,
    j: number,
    literals: Map<string, string>,
): { name: number; literal: number } | undefined {
    if (i > 0 && /\w/.test(original[i - 1]!)) return undefined;
    for (const [name, literal] of literals) {
        const nameHere = original.slice(i, i + name.length).toLowerCase() === name && !/\w/.test(original[i + name.length] ?? "");
        if (nameHere && inlined.startsWith(literal, j)) return { name: name.length, literal: literal.length };
    }
    return undefined;
}
