/**
 * Checks an action's statements (statements.ts) in the order and with the
 * tables Dataform's BigQuery adapter would have: a full build, where the
 * target does not exist yet, and for incrementals the incremental run, where
 * the table exists with the columns of its full build and new rows are
 * written into them.
 */
import type { Action } from "../actions.ts";
import type { BigQuerySql } from "../bigquery-sql.ts";
import { actionStatements, describe, type Statement } from "../statements.ts";
import { analyzeQuery, analyzeScript, ScriptScope, SqlProblem, type AnalysisContext } from "./analyze.ts";

/** A failed check in one part of an action (`query`, `pre_operations[0]`, ...), with that part's compiled SQL. */
export class PartProblem extends Error {
    constructor(
        readonly part: string,
        readonly sql: string,
        readonly problem: SqlProblem,
    ) {
        super(problem.message);
    }
}

/** A first run (or full refresh): defines the target's columns for the actions after it. */
export async function checkFullBuild(action: Action, context: AnalysisContext, bigQuery: BigQuerySql): Promise<void> {
    const statements = actionStatements(action, undefined).statements;
    if (action.kind === "operation") {
        // Each statement of an operation is a job of its own, with its own variables.
        for (const statement of statements) await checkStatement(statement, new ScriptScope(), context, bigQuery);
    } else {
        // The target does not exist before its query has run; its own pre-operations cannot read it.
        const beforeCreate = { ...context, absent: action.target };
        let created = false;
        const scope = new ScriptScope();
        for (const statement of statements) {
            await checkStatement(statement, scope, created ? context : beforeCreate, bigQuery);
            created ||= statement.kind === "createTable" || statement.kind === "createView" || statement.kind === "assert";
        }
    }
    if (action.kind === "operation" && action.operation.hasOutput && !context.catalog.columnsOf(action.target)) {
        context.catalog.markUnknown(
            action.target,
            `operation ${describe(action.target)} has hasOutput but no CREATE TABLE/VIEW ... AS defines its columns`,
        );
    }
}

/** An incremental run: the table exists with its full build's columns, and keeps them. */
export async function checkIncrementalRun(action: Action, context: AnalysisContext, bigQuery: BigQuerySql): Promise<void> {
    const columns = context.catalog.columnsOf(action.target)!;
    const existing = { kind: "table" as const, columns: columns.map((column) => column.name) };
    const scope = new ScriptScope();
    for (const statement of actionStatements(action, existing).statements) await checkStatement(statement, scope, context, bigQuery);
    context.catalog.define(action.target, columns);
}

async function checkStatement(statement: Statement, scope: ScriptScope, context: AnalysisContext, bigQuery: BigQuerySql): Promise<void> {
    const query = (part: string, sql: string) => inPart(part, sql, () => analyzeQuery(sql, scope, context));
    switch (statement.kind) {
        case "createSchema":
        case "drop":
            return;
        case "script":
            return inPart(statement.part, statement.sql, () => analyzeScript(statement.sql, scope, context));
        case "createTable":
        case "createView":
        case "assert":
            return context.catalog.define(statement.target, await query(statement.part, statement.query));
        case "checkSchema":
            return void (await query(statement.part, statement.query));
        case "insert":
        case "merge":
        case "replacePartitions": {
            await query("incremental query", statement.query);
            // insert_overwrite's script stages into a temp table; the INSERT it ends in is what reads the query.
            const write = bigQuery.statement(
                statement.kind === "replacePartitions" ? { ...statement, kind: "insert" } : statement,
                "validate",
            );
            return inPart(statement.part, write, () => analyzeScript(write, scope, context));
        }
    }
}

/** Runs `check`; any failure becomes a PartProblem for `part`. */
async function inPart<T>(part: string, sql: string, check: () => Promise<T>): Promise<T> {
    try {
        return await check();
    } catch (error) {
        throw new PartProblem(part, sql, error instanceof SqlProblem ? error : new SqlProblem((error as Error).message));
    }
}
