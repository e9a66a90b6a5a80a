import type { Column, QueryResult, Row } from "./values.ts";

/** A relation in the warehouse, named as Dataform names it. */
export interface Target {
  database?: string;
  schema: string;
  name: string;
}

export type RelationKind = "table" | "view";

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

  /** Runs one BigQuery statement (DDL, DML or scripting) for its effect. */
  execute(sql: string): Promise<void>;

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
   * Dataform's uniqueKey merge: source rows whose keys (and the optional
   * destination filter, BigQuery SQL over alias DATAFORM_DEST) match a
   * destination row update it; the rest are inserted. NULL keys never match; a
   * destination row matched by two source rows is an error, as in BigQuery.
   * Returns rows updated plus rows inserted.
   */
  merge(target: Target, columns: string[], query: string, uniqueKey: string[], destinationFilter?: string): Promise<number>;

  /** insert_overwrite: replace exactly the partitions (values of partitionBy) present in the query's rows. */
  replacePartitions(target: Target, columns: string[], query: string, partitionBy: string): Promise<number>;

  /** Creates (or replaces) a table with these columns and rows; for fixtures and loaders. */
  loadRows(target: Target, columns: Column[], rows: Row[]): Promise<void>;

  close(): Promise<void>;
}
