/**
 * The executor: runs actions in order on an engine with `dataform run`'s
 * rules. What each action sends comes from statements.ts; this module only
 * carries statements out and decides what runs: disabled actions do nothing
 * and count as succeeded; an action whose dependency failed or was skipped is
 * skipped; independent branches go on.
 */
import { bigQueryPath, type Engine, type TableRead, type Target } from "../engines/engine.ts";
import { UnsupportedSqlError } from "../engines/errors.ts";
import { readScript } from "../engines/script.ts";
import type { Row } from "../engines/values.ts";
import { compiledOf, type Action, type RunAction } from "./actions.ts";
import { actionStatements, type ExistingTarget, type RunOptions, type Statement } from "./statements.ts";

export type { RunOptions };

export type ActionStatus = "succeeded" | "failed" | "skipped" | "disabled";

export interface ActionResult {
    name: string;
    kind: RunAction["kind"];
    fileName?: string;
    status: ActionStatus;
    seconds: number;
    rows?: number;
    incremental?: boolean;
    error?: string;
    /** Skipped because a local run does not carry it out (a notebook, a unit test, ...) or depends on one: not a problem of the run. */
    skippedLocally?: boolean;
    /** First failing rows of a failed assertion. */
    failingRows?: Row[];
    /** Rows read from each table (most first), when the engine profiles; absent otherwise. */
    reads?: TableRead[];
    /** What ran differently locally: statements with no local effect (session labels, table options), or why the action did not run. */
    notes?: string[];
}

export interface ExecuteOptions extends RunOptions {
    /** Before the first action: every action of the run, in run order. */
    onRunStart?: (actions: RunAction[]) => void;
    onActionStart?: (action: RunAction) => void;
    onActionEnd?: (result: ActionResult) => void;
    /**
     * Test only (fault injection): the named action fails once its first `afterStatements` statements have
     * run (0: before any; more than it has: after all of them); a script counts as its top-level statements. Its effect is rolled back, unless
     * `keepPartial`: then it runs outside a transaction and what those statements did stays, as a BigQuery
     * job that fails half-way leaves it.
     */
    failAt?: { action: string; afterStatements: number; keepPartial?: boolean };
}

export class AssertionFailed extends Error {
    constructor(
        readonly failingRows: number,
        readonly sample: Row[],
    ) {
        super(`assertion failed: ${failingRows} row(s) violate it`);
    }
}

/** A failed action, or one skipped because a dependency did not succeed; not one skipped for a local reason. */
export function isRunProblem(result: ActionResult): boolean {
    return result.status === "failed" || (result.status === "skipped" && !result.skippedLocally);
}

/** Runs actions in run order (actions.ts runOrder) on one engine. */
export async function executeActions(engine: Engine, actions: RunAction[], options: ExecuteOptions = {}): Promise<ActionResult[]> {
    const results = new Map<string, ActionResult>();
    const locallySkipped = new Set(actions.filter((action) => "skipReason" in action).map((action) => action.name));
    options.onRunStart?.(actions);
    for (const action of actions) {
        const blocked = action.dependencies.find((name) => {
            const status = results.get(name)?.status;
            return status === "failed" || status === "skipped";
        });
        const result: ActionResult = blocked
            ? {
                  ...describeAction(action),
                  status: "skipped" as const,
                  seconds: 0,
                  error: `dependency ${blocked} did not ${locallySkipped.has(blocked) ? "run locally" : "succeed"}`,
                  ...(locallySkipped.has(blocked) ? { skippedLocally: true } : {}),
              }
            : await runAction(engine, action, options);
        if (result.skippedLocally) locallySkipped.add(action.name);
        results.set(action.name, result);
        options.onActionEnd?.(result);
    }
    return [...results.values()];
}

async function runAction(engine: Engine, action: RunAction, options: ExecuteOptions): Promise<ActionResult> {
    const base = describeAction(action);
    if (action.disabled) return { ...base, status: "disabled", seconds: 0 };
    if ("skipReason" in action)
        return { ...base, status: "skipped", seconds: 0, skippedLocally: true, notes: [`skipped: ${action.skipReason}`] };
    options.onActionStart?.(action);
    engine.takeTableReads?.(); // reads between actions are nobody's
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    let part = "";
    let result: ActionResult;
    const fault = options.failAt?.action === action.name ? options.failAt : undefined;
    const work = async () => {
        const compiled = compiledOf(action);
        // JiT actions get their SQL from code run against the live warehouse; there is none to run here.
        if ("jitCode" in compiled && compiled.jitCode) throw new Error("JiT-compiled actions are not supported locally");
        const planned = actionStatements(action, await existingTarget(engine, action), options);
        const statements = fault ? oneByOne(planned.statements) : planned.statements;
        const incremental = planned.incremental;
        const failAfter = (done: number) => {
            if (fault && done === Math.min(fault.afterStatements, statements.length))
                throw new Error(`injected fault after ${done} statement(s)`);
        };
        failAfter(0);
        let rows: number | undefined;
        for (const [index, statement] of statements.entries()) {
            part = statement.part;
            rows = (await runStatement(engine, statement)) ?? rows;
            failAfter(index + 1);
        }
        if (action.kind === "operation") rows = await operationOutputRows(engine, action);
        return { rows, incremental };
    };
    try {
        // Locally an action's effect is all or nothing: a run stopped anywhere leaves whole actions. (A BigQuery job
        // is not a transaction; the models heal from its partial effects: docs/incremental.md.) A failed assertion's
        // view stays, as in BigQuery, for its rows to be read.
        const atomic = action.kind !== "assertion" && !fault?.keepPartial;
        const { rows, incremental } = atomic ? await engine.atomically(work) : await work();
        result = { ...base, status: "succeeded", seconds: seconds(), rows, incremental };
    } catch (error) {
        const failingRows = error instanceof AssertionFailed ? error.sample : undefined;
        // A refusal names the construct and its line; the part says which SQL text of the action the line is in.
        const message = error instanceof UnsupportedSqlError && part ? `${part}: ${error.message}` : (error as Error).message;
        result = { ...base, status: "failed", seconds: seconds(), error: message, failingRows };
    }
    const notes = await engine.endScript();
    const reads = engine.takeTableReads?.();
    return { ...result, ...(notes.length > 0 ? { notes } : {}), ...(reads ? { reads } : {}) };
}

/** What the engine holds at an action's target now: its kind, and for an incremental (which lists them) its columns. */
export async function existingTarget(engine: Engine, action: Pick<Action, "kind" | "target">): Promise<ExistingTarget | undefined> {
    const kind = await engine.relationKind(action.target);
    if (!kind) return undefined;
    if (action.kind !== "incremental") return { kind };
    return { kind, columns: (await engine.columns(action.target)).map((column) => column.name) };
}

/** Carries out one statement; returns the rows it wrote, where there is such a count. */
/**
 * Test only (fault injection): each script split into its top-level statements, run one by one in the
 * same script state, so a fault can fall between any two of them, as a BigQuery script can stop there.
 */
export function oneByOne(statements: Statement[]): Statement[] {
    return statements.flatMap((statement): Statement[] => {
        if (statement.kind !== "script") return [statement];
        const { part, sql } = statement;
        const steps = readScript(sql);
        return steps.map((step, index) => ({ kind: "script", part, sql: sql.slice(step.start, steps[index + 1]?.start) }));
    });
}

async function runStatement(engine: Engine, statement: Statement): Promise<number | undefined> {
    switch (statement.kind) {
        case "createSchema":
            return void (await engine.createSchemaIfNotExists(statement.target.database, statement.target.schema));
        case "script":
            return void (await engine.execute(statement.sql));
        case "drop":
            return void (await engine.drop(statement.target, statement.relation));
        case "createTable":
            if (statement.table.materialized) throw new Error("materialized views are not supported locally");
            return engine.createTableAs(statement.target, statement.query, {
                partitionBy: statement.table.bigquery?.partitionBy,
                clusterBy: statement.table.bigquery?.clusterBy,
            });
        case "createView":
            return void (await engine.createView(statement.target, statement.query));
        case "checkSchema":
            return void (await checkSchema(engine, statement));
        case "insert":
            return engine.insert(statement.target, statement.columns, statement.query);
        case "merge":
            return engine.merge(statement.target, statement.columns, statement.query, statement.uniqueKey, statement.condition);
        case "replacePartitions":
            return engine.replacePartitions(
                statement.target,
                statement.columns,
                statement.query,
                statement.partitionBy,
                statement.condition,
            );
        case "assert":
            return assert(engine, statement.target, statement.query);
    }
}

/** FAIL is honoured; EXTEND and SYNCHRONIZE are refused rather than approximated. */
async function checkSchema(engine: Engine, statement: Extract<Statement, { kind: "checkSchema" }>): Promise<void> {
    if (statement.mode !== "FAIL") throw new Error(`onSchemaChange ${statement.mode} is not supported locally (IGNORE and FAIL are)`);
    const incoming = (await engine.query(`select * from (${statement.query}) limit 0`)).columns.map((column) => column.name);
    const added = incoming.filter((name) => !statement.columns.includes(name));
    const removed = statement.columns.filter((name) => !incoming.includes(name));
    if (added.length || removed.length) {
        throw new Error(`schema changed (onSchemaChange FAIL): added [${added.join(", ")}], removed [${removed.join(", ")}]`);
    }
}

async function assert(engine: Engine, target: Target, query: string): Promise<number> {
    await engine.createView(target, query);
    const failing = await countRows(engine, target);
    if (failing > 0) throw new AssertionFailed(failing, (await engine.query(`select * from ${bigQueryPath(target)} limit 5`)).rows);
    return 0;
}

/** An operation with hasOutput made a table others read: its rows. */
async function operationOutputRows(engine: Engine, action: Extract<Action, { kind: "operation" }>): Promise<number | undefined> {
    if (!action.operation.hasOutput || (await engine.relationKind(action.target)) !== "table") return undefined;
    return countRows(engine, action.target);
}

async function countRows(engine: Engine, target: Target): Promise<number> {
    const result = await engine.query(`select count(*) as row_count from ${bigQueryPath(target)}`);
    return Number(result.rows[0].row_count);
}

function describeAction(action: RunAction): Pick<ActionResult, "name" | "kind" | "fileName"> {
    return { name: action.name, kind: action.kind, fileName: action.fileName };
}
