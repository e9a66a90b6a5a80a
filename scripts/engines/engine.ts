import type { Column, QueryResult, Row } from "./values.ts";

/** A relation in the warehouse, named as Dataform names it. */
export interface Target {
    database?: string;
    schema: string;
    name: string;
}

export type RelationKind = "table" | "view";

/** A target as BigQuery SQL names it: backticked `project.dataset.table`, or `dataset.table` without a project. */
export function bigQueryPath(target: Target): string {
    return `\`${[target.database, target.schema, target.name].filter(Boolean).join(".")}\``;
}

/** Rows an action read from one table (dataset.name), as the engine's profiler counted them. */
export interface TableRead {
    table: string;
    rows: number;
    /**
     * Rows read of each column the scans projected or filtered on, counted once per statement (the most any of its
     * scans read): what BigQuery bills, column by column. Filter text may name words that are no column.
     */
    columns: Record<string, number>;
    /** The logical bytes BigQuery would bill for these reads, estimated after the run (estimateReadBytes). */
    bytes?: number;
}

/** BigQuery table options an engine may honour or ignore (DuckDB has no partitions). */
export interface TableOptions {
    partitionBy?: string;
    clusterBy?: string[];
}

/**
 * What the executor needs from a warehouse. Every SQL string passed in is
 * BigQuery SQL, exactly as Dataform compiled it; each engine turns it into
 * whatever it runs. The executor alone knows Dataform's rules; an engine only
 * knows how to carry out these operations with BigQuery's semantics.
 */
export interface Engine {
    readonly name: string;

    /**
     * Runs BigQuery SQL (DDL, DML, or a script: DECLARE/SET, IF, BEGIN...END,
     * EXECUTE IMMEDIATE, temporary functions...) for its effect. An action's
     * statements form one BigQuery script, so a variable DECLAREd in a
     * pre-operation is visible to the action's later statements until
     * endScript(). A statement no engine runs is refused by name and line
     * (UnsupportedSqlError); one that has no local effect (session labels,
     * table options) is skipped with a note.
     */
    execute(sql: string): Promise<void>;

    /**
     * Runs `work` (any calls on this engine) as one unit: when it throws, the warehouse is left as it was
     * before, as after a BigQuery job that failed; a process killed inside it leaves the same.
     */
    atomically<T>(work: () => Promise<T>): Promise<T>;

    /** Ends the current action's script: forgets its variables and functions, and returns its notes. */
    endScript(): Promise<string[]>;

    /** Runs a BigQuery query and returns its rows in canonical form. */
    query(sql: string): Promise<QueryResult>;

    /** Whether the target exists, and as what. */
    relationKind(target: Target): Promise<RelationKind | undefined>;

    /** The target's columns in table order; [] when it does not exist. */
    columns(target: Target): Promise<Column[]>;

    createSchemaIfNotExists(database: string | undefined, schema: string): Promise<void>;

    drop(target: Target, kind: RelationKind): Promise<void>;

    /** `create or replace table T as <query>`; returns the rows written. */
    createTableAs(target: Target, query: string, options: TableOptions): Promise<number>;

    /** `create or replace view T as <query>`. */
    createView(target: Target, query: string): Promise<void>;

    /** `insert into T (columns) select columns from (<query>)`; returns rows inserted. */
    insert(target: Target, columns: string[], query: string): Promise<number>;

    /**
     * Dataform's uniqueKey merge: a source row whose keys equal a destination
     * row's (and for which `condition`, BigQuery SQL over the aliases
     * DATAFORM_DEST and DATAFORM_SOURCE, holds) updates that row; the other
     * source rows are inserted. NULL keys never match; a destination row matched
     * by two source rows is an error, as in BigQuery. Returns rows updated plus
     * rows inserted.
     */
    merge(target: Target, columns: string[], query: string, uniqueKey: string[], condition?: string): Promise<number>;

    /**
     * insert_overwrite: deletes the destination rows whose partitionBy value
     * occurs in the query's rows (and for which `condition` over DATAFORM_DEST
     * holds), then inserts the query's rows. Returns rows inserted.
     */
    replacePartitions(target: Target, columns: string[], query: string, partitionBy: string, condition?: string): Promise<number>;

    /** Creates (or replaces) a table with these columns and rows; for fixtures and loaders. */
    loadRows(target: Target, columns: Column[], rows: Row[]): Promise<void>;

    /**
     * The rows read from each table since the last call, when the engine was opened to profile; an
     * engine without a profiler has no such method. BigQuery bills the bytes of what it reads.
     */
    readonly takeTableReads?: () => TableRead[];

    /**
     * Sets each read's `bytes`: its rows of each column times the column's average logical size per row in the
     * table as it is now (BigQuery's sizes: 8 bytes an INT64, 2 plus its UTF-8 bytes a STRING...), and keeps in
     * `columns` only the table's columns. A read of a table that no longer exists keeps no estimate. Run after
     * the run: it reads every table read, whole.
     */
    readonly estimateReadBytes?: (reads: TableRead[]) => Promise<void>;

    /** Every table and view the warehouse holds, by dataset and name. */
    relations(): Promise<{ target: Target; kind: RelationKind }[]>;

    close(): Promise<void>;
}
