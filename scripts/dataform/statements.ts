/**
 * Dataform's execution rules, in one place: how a compiled action becomes
 * the statements a run sends (notes/dataform-execution.md; @dataform/cli
 * 3.0.x, ExecutionSql). The local executor carries the statements out on an
 * engine, `bq sql` and `bq dry-run` render them as BigQuery jobs
 * (bigquery-sql.ts), and `validate` analyzes them; none of them decides
 * anything of its own about what an action runs.
 */
import type { Action } from "./actions.ts";
import type { CompiledAssertion, CompiledOperation, CompiledTable, CompiledTarget } from "./graph.ts";

export type RelationKind = "table" | "view";

/** One statement of an action. `part` names the piece of the action it comes from, for messages. */
export type Statement =
    | { kind: "createSchema"; part: string; target: CompiledTarget }
    /** BigQuery SQL run for its effect: pre/post-operations and operations (a script may DECLARE variables for later statements). */
    | { kind: "script"; part: string; sql: string }
    | { kind: "drop"; part: string; target: CompiledTarget; relation: RelationKind }
    | { kind: "createTable"; part: string; target: CompiledTarget; query: string; table: CompiledTable }
    | { kind: "createView"; part: string; target: CompiledTarget; query: string }
    /** onSchemaChange other than IGNORE: compare the incoming query's columns with the table's first. */
    | {
          kind: "checkSchema";
          part: string;
          target: CompiledTarget;
          query: string;
          columns: string[];
          mode: "FAIL" | "EXTEND" | "SYNCHRONIZE";
      }
    | { kind: "insert"; part: string; target: CompiledTarget; columns: string[]; query: string }
    /**
     * Dataform's uniqueKey merge: a source row whose keys equal a destination
     * row's (and for which `condition`, SQL over DATAFORM_DEST and
     * DATAFORM_SOURCE, holds) updates it; the others are inserted.
     */
    | { kind: "merge"; part: string; target: CompiledTarget; columns: string[]; query: string; uniqueKey: string[]; condition?: string }
    /** insert_overwrite: the partitions present in the query's rows are replaced by them. */
    | {
          kind: "replacePartitions";
          part: string;
          target: CompiledTarget;
          columns: string[];
          query: string;
          partitionBy: string;
          condition?: string;
      }
    /** An assertion: its query becomes a view; any row in it fails the action. */
    | { kind: "assert"; part: string; target: CompiledTarget; query: string };

/** What the warehouse holds at an action's target when the action starts. */
export interface ExistingTarget {
    kind: RelationKind;
    /** The table's columns in table order, for an incremental (its write lists them). */
    columns?: string[];
}

export interface RunOptions {
    /** Rebuild unprotected incremental tables from scratch. */
    fullRefresh?: boolean;
}

export interface ActionStatements {
    statements: Statement[];
    /** For incrementals: true when this run writes into the existing table instead of rebuilding it. */
    incremental?: boolean;
}

/** The statements of any action, given what its target holds now. */
export function actionStatements(action: Action, existing: ExistingTarget | undefined, options: RunOptions = {}): ActionStatements {
    if (action.kind === "operation") return { statements: operationStatements(action.operation) };
    if (action.kind === "assertion") return { statements: assertionStatements(action.assertion) };
    if (action.kind === "incremental" && writesIncrementally(action.table, existing, options)) {
        if (!existing?.columns) throw new Error(`the columns of ${action.name} are needed to write into it`);
        return { statements: incrementalStatements(action.table, existing.columns), incremental: true };
    }
    return {
        statements: buildStatements(action.table, action.kind, existing),
        incremental: action.kind === "incremental" ? false : undefined,
    };
}

/** Dataform writes into an incremental table when it exists as a table and the run is not a full refresh (or the table is protected). */
export function writesIncrementally(table: CompiledTable, existing: ExistingTarget | undefined, options: RunOptions): boolean {
    return (!options.fullRefresh || table.protected === true) && existing?.kind === "table";
}

/** A table, a view, or an incremental's first run / full refresh: pre-ops; drop the other kind; create or replace; post-ops. */
export function buildStatements(table: CompiledTable, kind: Action["kind"], existing: ExistingTarget | undefined): Statement[] {
    const target = table.target;
    const wanted: RelationKind = kind === "view" ? "view" : "table";
    return [
        { kind: "createSchema", part: "dataset", target },
        ...scripts("pre_operations", table.preOps),
        ...(existing && existing.kind !== wanted ? [{ kind: "drop" as const, part: "replace", target, relation: existing.kind }] : []),
        wanted === "view"
            ? { kind: "createView", part: "query", target, query: table.query }
            : { kind: "createTable", part: "query", target, query: table.query, table },
        ...scripts("post_operations", table.postOps),
    ];
}

/** An incremental run over an existing table with these columns: incremental pre-ops; insert, merge or insert_overwrite; incremental post-ops. */
export function incrementalStatements(table: CompiledTable, columns: string[]): Statement[] {
    const target = table.target;
    const query = incrementalQuery(table);
    const bigquery = table.bigquery ?? {};
    const predicates = (bigquery.incrementalPredicates ?? []).filter((predicate) => predicate.trim() !== "").map((p) => `(${p})`);
    const destinationFilter = bigquery.updatePartitionFilter ? [`DATAFORM_DEST.${bigquery.updatePartitionFilter}`] : [];
    const condition = [...destinationFilter, ...predicates].join(" and ") || undefined;
    const part = "incremental write";

    let write: Statement;
    if (table.incrementalStrategy === "INSERT_OVERWRITE") {
        if (!bigquery.partitionBy) throw new Error(`${describe(target)}: incrementalStrategy insert_overwrite needs bigquery.partitionBy`);
        write = { kind: "replacePartitions", part, target, columns, query, partitionBy: bigquery.partitionBy, condition };
    } else if (table.uniqueKey?.length) {
        write = { kind: "merge", part, target, columns, query, uniqueKey: table.uniqueKey, condition };
    } else {
        write = { kind: "insert", part, target, columns, query };
    }
    return [
        { kind: "createSchema", part: "dataset", target },
        ...scripts("incremental pre_operations", table.incrementalPreOps),
        ...schemaCheck(table, query, columns),
        write,
        ...scripts("incremental post_operations", table.incrementalPostOps),
    ];
}

/** Dataform's getIncrementalQuery: the incremental query (or the query), filtered by `where` when set. */
export function incrementalQuery(table: CompiledTable): string {
    const query = table.incrementalQuery || table.query;
    return table.where ? `\n  select * from (${query}) as subquery\n    where ${table.where}` : query;
}

/** onSchemaChange: IGNORE (the default) writes as is; the other modes compare the columns first. */
function schemaCheck(table: CompiledTable, query: string, columns: string[]): Statement[] {
    const mode = table.onSchemaChange ?? "IGNORE";
    if (mode === "IGNORE") return [];
    return [{ kind: "checkSchema", part: "incremental query", target: table.target, query, columns, mode }];
}

/** Each `---`-separated statement of an operation is its own job. */
export function operationStatements(operation: CompiledOperation): Statement[] {
    return [
        { kind: "createSchema", part: "dataset", target: operation.target },
        ...(operation.queries ?? []).map((sql, index): Statement => ({ kind: "script", part: `statement ${index + 1}`, sql })),
    ];
}

/** Dataform makes the assertion's query a view in the assertion dataset and fails on any row in it. */
export function assertionStatements(assertion: CompiledAssertion): Statement[] {
    return [
        { kind: "createSchema", part: "dataset", target: assertion.target },
        { kind: "assert", part: "query", target: assertion.target, query: assertion.query },
    ];
}

function scripts(part: string, sqls: string[] | undefined): Statement[] {
    return (sqls ?? []).map((sql, index) => ({ kind: "script", part: `${part}[${index}]`, sql }));
}

export function describe(target: CompiledTarget): string {
    return `${target.schema}.${target.name}`;
}
