import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { bigQueryPath, type Engine, type RelationKind, type TableRead, type Target } from "../engine.ts";
import { loadNdjsonFiles, type LoadedFile, type NdjsonFile, type NdjsonLoad } from "./load-ndjson.ts";
import type { Column, QueryResult, Row } from "../values.ts";
import { duckdbName, quoteIdentifier, sqlText, WAREHOUSE_CATALOG } from "./naming.ts";
import { bigQueryTypeFor, duckdbTypeFor, readRows, toDuckDbLiteral } from "./read.ts";
import { installBigQueryFunctions, loadTranslator, namesWildcardTable, type TranslateOptions, type Translator } from "./translate/index.ts";
import type { WildcardTable } from "../wildcard.ts";
import { UnsupportedSqlError } from "../errors.ts";
import { runScript, ScriptState } from "../script.ts";
import { explainDuckDbError } from "./errors.ts";
import { readsInformationSchema, refreshInformationSchema } from "./information-schema.ts";
import { profiledConnection, ScanProfile } from "./profile.ts";
import { estimateReadBytes } from "./read-bytes.ts";
import { checkWarehousePath, explainAttachError, type WarehouseAccess } from "./warehouse-file.ts";

export { DEFAULT_WAREHOUSE, warehousePath } from "./warehouse-file.ts";

/**
 * DuckDB errors that mark a limit of the local engine, not an error BigQuery
 * would raise: reported as refusals. DuckDB multiplies DECIMAL(38, 9) values
 * at scale 18 in 38 digits, so a NUMERIC product of 1e20 or more overflows
 * here while BigQuery computes it.
 */
function refuseKnownLimits(error: Error): never {
    if (/Overflow in multiplication of DECIMAL/.test(error.message)) {
        throw new UnsupportedSqlError("NUMERIC product of 1e20 or more (DuckDB multiplies DECIMAL(38, 9) values in 38 digits)");
    }
    throw error;
}

// Two DuckDB instances writing one file in one process corrupt it (file locks are per process), so refuse.
const openFiles = new Set<string>();

/**
 * DuckDB's memory limit: $LOCAL_MEMORY_LIMIT (DuckDB's size syntax, e.g. 8GB), else 2.5GB.
 * DuckDB's own default is 80% of the machine, mostly spent caching table blocks. A 10M-event
 * full refresh takes as long with 2.5GB as with 4GB (229.7 s against 239.2 s, three runs each,
 * alternating) and peaks at 3.3 to 3.7 GB in all against 4.5 to 4.8 GB: the process adds about
 * 1 GB of its own (Node, the translator) to DuckDB's limit.
 */
export function memoryLimit(): string {
    return process.env.LOCAL_MEMORY_LIMIT || "2.5GB";
}

/** BigQuery semantics on an embedded DuckDB file: every SQL string is translated before it runs. */
export class DuckDbEngine implements Engine {
    readonly name = "duckdb";
    private scratchCounter = 0;
    private inTransactionNow = false;

    private constructor(
        readonly path: string,
        private readonly instance: DuckDBInstance,
        private readonly connection: DuckDBConnection,
        private readonly translator: Translator,
        private readonly script: ScriptState,
        private readonly profile?: ScanProfile,
    ) {
        if (profile) {
            this.takeTableReads = () => profile.take();
            this.estimateReadBytes = async (reads) => {
                await estimateReadBytes(this.connection, (target) => this.columns(target), reads);
                profile.take(); // the estimate's own reads are nobody's
            };
        }
    }

    /** Present only when the engine was opened to profile. */
    readonly takeTableReads?: () => TableRead[];
    readonly estimateReadBytes?: (reads: TableRead[]) => Promise<void>;

    /**
     * Opens a warehouse file, or an in-memory one for ":memory:". "write" (the default) creates a missing
     * file in an existing folder; "read" opens an existing file read-only. Throws a WarehouseError for a
     * path that cannot be opened so, and WarehouseInUseError when another process holds the file.
     * `profile` counts the rows every statement reads from each table (takeTableReads), at some cost in speed.
     */
    static async open(path: string, access: WarehouseAccess = "write", options: { profile?: boolean } = {}): Promise<DuckDbEngine> {
        if (path !== ":memory:") {
            if (openFiles.has(path)) throw new Error(`${path} is already open in this process`);
            checkWarehousePath(path, access);
        }
        // The file is attached under a fixed catalog name so fully qualified names never depend on the file name.
        const instance = await DuckDBInstance.create(":memory:");
        const plainConnection = await instance.connect();
        const readOnly = access === "read" ? " (read_only)" : "";
        await plainConnection.run(`attach ${sqlText(path)} as ${WAREHOUSE_CATALOG}${readOnly}`).catch((error: Error) => {
            plainConnection.closeSync();
            instance.closeSync();
            throw explainAttachError(path, error);
        });
        const profile = options.profile ? new ScanProfile() : undefined;
        await profile?.start(plainConnection);
        const connection = profile ? profiledConnection(plainConnection, profile) : plainConnection;
        await connection.run(`use ${WAREHOUSE_CATALOG}; set TimeZone = 'UTC'`);
        await connection.run(`set memory_limit = ${sqlText(memoryLimit())}`).catch((error: Error) => {
            throw new Error(`LOCAL_MEMORY_LIMIT=${memoryLimit()} is not a DuckDB memory size such as 4GB: ${error.message}`);
        });
        // Work that exceeds the limit spills next to the warehouse file (an in-memory warehouse uses DuckDB's default).
        if (path !== ":memory:") await connection.run(`set temp_directory = ${sqlText(`${path}.tmp`)}`);
        await installBigQueryFunctions(connection);
        if (path !== ":memory:") openFiles.add(path);
        const engine = new DuckDbEngine(path, instance, connection, await loadTranslator(), new ScriptState(), profile);
        profile?.take(); // what opening read (the functions' setup) is not the work's
        return engine;
    }

    /**
     * BigQuery SQL to the DuckDB SQL that runs, with the script's variables and functions inlined. Variables
     * go in as stand-ins and their values into the translation, so a statement translates once (and is
     * cached) however its variables change from run to run: an incremental run's window, a change log's
     * sequence numbers.
     */
    private async translate(bigQuerySql: string, options: TranslateOptions = {}): Promise<string> {
        const values = new Map<string, string>();
        const sql = this.script.inline(bigQuerySql, values);
        const tables = namesWildcardTable(sql) ? await this.tablesWithColumns() : undefined;
        if (values.size === 0) return this.translator.toDuckDb(sql, { ...options, tables });
        try {
            const filled = withValues(this.translator.toDuckDb(sql, { ...options, tables }), values);
            if (filled !== undefined) return filled;
        } catch {
            // translated again below with the values in place, so that a refusal shows them
        }
        return this.translator.toDuckDb(this.script.inline(bigQuerySql), { ...options, tables });
    }

    /** Every base table with its columns, for wildcard tables. */
    private async tablesWithColumns(): Promise<WildcardTable[]> {
        const reader = await this.connection.runAndReadAll(
            `select c.table_schema, c.table_name, c.column_name, c.data_type from information_schema.columns c
             join information_schema.tables t using (table_catalog, table_schema, table_name)
             where c.table_catalog = '${WAREHOUSE_CATALOG}' and t.table_type = 'BASE TABLE' order by c.table_schema, c.table_name, c.ordinal_position`,
        );
        const tables = new Map<string, WildcardTable>();
        for (const [schema, name, column, type] of reader.getRows()) {
            const key = `${String(schema)}.${String(name)}`;
            if (!tables.has(key)) tables.set(key, { schema: String(schema), name: String(name), columns: [] });
            tables.get(key)!.columns.push({ name: String(column), type: bigQueryTypeFor(String(type)) });
        }
        return [...tables.values()];
    }

    /** Runs work for a piece of the user's BigQuery SQL; DuckDB's errors come out in the user's terms (errors.ts). */
    private async explained<T>(bigQuerySql: string, work: () => Promise<T>): Promise<T> {
        try {
            return await work();
        } catch (error) {
            throw explainDuckDbError(error, bigQuerySql);
        }
    }

    async execute(sql: string): Promise<void> {
        await runScript(sql, this.script, {
            statement: (statement) =>
                this.explained(
                    statement,
                    async () => void (await this.connection.run(await this.translate(statement)).catch(refuseKnownLimits)),
                ),
            value: (expression) => this.evaluate(expression),
            rows: (query) => this.query(query),
        });
    }

    async endScript(): Promise<string[]> {
        this.script.clear();
        return this.script.takeNotes();
    }

    private async evaluate(expression: string) {
        const result = await this.query(`select ${expression} as value`);
        return { value: result.rows[0].value, type: result.columns[0].type };
    }

    query(sql: string): Promise<QueryResult> {
        return this.explained(sql, async () => {
            if (readsInformationSchema(sql)) await refreshInformationSchema(this.connection);
            return readRows(this.connection, await this.translate(sql, { query: true })).catch(refuseKnownLimits);
        });
    }

    /** DuckDB's value of one of its settings (memory_limit, temp_directory, ...). */
    async setting(name: string): Promise<string> {
        const reader = await this.connection.runAndReadAll("select current_setting($1)", [name]);
        return String(reader.getRows()[0]?.[0]);
    }

    // duckdb_tables() and duckdb_views() read the catalog directly: a lookup per action at half the cost of information_schema.
    async relationKind(target: Target): Promise<RelationKind | undefined> {
        const reader = await this.connection.runAndReadAll(
            `select 'table' from duckdb_tables() where database_name = '${WAREHOUSE_CATALOG}' and schema_name = $1 and table_name = $2
             union all
             select 'view' from duckdb_views() where database_name = '${WAREHOUSE_CATALOG}' and schema_name = $1 and view_name = $2`,
            [target.schema, target.name],
        );
        return reader.getRows()[0]?.[0] as RelationKind | undefined;
    }

    async relations(): Promise<{ target: Target; kind: RelationKind }[]> {
        const reader = await this.connection.runAndReadAll(
            `select table_schema, table_name, table_type from information_schema.tables
             where table_catalog = '${WAREHOUSE_CATALOG}' order by table_schema, table_name`,
        );
        return reader.getRows().map(([schema, name, type]) => ({
            target: { schema: String(schema), name: String(name) },
            kind: type === "VIEW" ? ("view" as const) : ("table" as const),
        }));
    }

    async columns(target: Target): Promise<Column[]> {
        const reader = await this.connection.runAndReadAll(
            `select column_name, data_type from duckdb_columns()
             where database_name = '${WAREHOUSE_CATALOG}' and schema_name = $1 and table_name = $2 order by column_index`,
            [target.schema, target.name],
        );
        return reader.getRows().map(([name, type]) => ({ name: String(name), type: bigQueryTypeFor(String(type)) }));
    }

    async createSchemaIfNotExists(_database: string | undefined, schema: string): Promise<void> {
        await this.connection.run(`create schema if not exists ${WAREHOUSE_CATALOG}.${quoteIdentifier(schema)}`);
    }

    async drop(target: Target, kind: RelationKind): Promise<void> {
        await this.connection.run(`drop ${kind} if exists ${duckdbName(target)}`);
    }

    async createTableAs(target: Target, query: string): Promise<number> {
        // DuckDB has no partitions or clustering; BigQuery's options change cost, not results.
        const result = await this.explained(query, async () =>
            this.connection.runAndReadAll(
                `create or replace table ${duckdbName(target)} as ${await this.translate(query, { query: true })}`,
            ),
        );
        return Number(result.getRows()[0]?.[0] ?? 0);
    }

    async createView(target: Target, query: string): Promise<void> {
        await this.explained(query, async () =>
            this.connection.run(`create or replace view ${duckdbName(target)} as ${await this.translate(query, { query: true })}`),
        );
    }

    async insert(target: Target, columns: string[], query: string): Promise<number> {
        const list = columns.map(quoteIdentifier).join(", ");
        const result = await this.explained(query, async () =>
            this.connection.run(
                `insert into ${duckdbName(target)} (${list}) select ${list} from (${await this.translate(query, { query: true })}) as insertions`,
            ),
        );
        return Number(result.rowsChanged);
    }

    merge(target: Target, columns: string[], query: string, uniqueKey: string[], condition?: string): Promise<number> {
        return this.explained(query, () => this.mergeRows(target, columns, query, uniqueKey, condition));
    }

    private async mergeRows(target: Target, columns: string[], query: string, uniqueKey: string[], condition?: string): Promise<number> {
        return this.inTransaction(async () => {
            const source = await this.stage(target, query);
            const matches = this.scratch(target, "matches");
            // Which destination row each source row matches, decided once, before anything changes (as MERGE does).
            const on = uniqueKey.map((key) => `DATAFORM_DEST.${key} = DATAFORM_SOURCE.${key}`);
            if (condition) on.push(`(${condition})`);
            await this.connection.run(
                `create table ${duckdbName(matches)} as ` +
                    (await this.translate(
                        `select DATAFORM_SOURCE.__dataform_row as source_row, DATAFORM_DEST.rowid as dest_row
               from ${bigQueryPath(target)} as DATAFORM_DEST join ${bigQueryPath(source)} as DATAFORM_SOURCE on ${on.join(" and ")}`,
                    )),
            );
            const ambiguous = await this.connection.runAndReadAll(
                `select dest_row from ${duckdbName(matches)} group by dest_row having count(*) > 1 limit 1`,
            );
            if (ambiguous.getRows().length > 0) {
                throw new Error("UPDATE/MERGE must match at most one source row for each target row (duplicate uniqueKey in the new rows)");
            }
            const quoted = columns.map(quoteIdentifier);
            const updated = await this.connection.run(
                `update ${duckdbName(target)} set ${quoted.map((column) => `${column} = changes.${column}`).join(", ")}
           from (select m.dest_row, s.* from ${duckdbName(matches)} as m join ${duckdbName(source)} as s on s.__dataform_row = m.source_row) as changes
           where ${duckdbName(target)}.rowid = changes.dest_row`,
            );
            const inserted = await this.connection.run(
                `insert into ${duckdbName(target)} (${quoted.join(", ")}) select ${quoted.join(", ")} from ${duckdbName(source)}
           where __dataform_row not in (select source_row from ${duckdbName(matches)})`,
            );
            await this.connection.run(`drop table ${duckdbName(source)}; drop table ${duckdbName(matches)}`);
            return Number(updated.rowsChanged) + Number(inserted.rowsChanged);
        });
    }

    replacePartitions(target: Target, columns: string[], query: string, partitionBy: string, condition?: string): Promise<number> {
        return this.explained(query, () => this.replacePartitionRows(target, columns, query, partitionBy, condition));
    }

    private async replacePartitionRows(
        target: Target,
        columns: string[],
        query: string,
        partitionBy: string,
        condition?: string,
    ): Promise<number> {
        return this.inTransaction(async () => {
            const source = await this.stage(target, query);
            // BigQuery replaces each partition present in the new rows; NULL partitions are never replaced.
            await this.connection.run(
                await this.translate(
                    `delete from ${bigQueryPath(target)} as DATAFORM_DEST
             where ${partitionBy} in (select distinct ${partitionBy} from ${bigQueryPath(source)} where ${partitionBy} is not null)
             ${condition ? `and (${condition})` : ""}`,
                ),
            );
            const quoted = columns.map(quoteIdentifier).join(", ");
            const inserted = await this.connection.run(
                `insert into ${duckdbName(target)} (${quoted}) select ${quoted} from ${duckdbName(source)}`,
            );
            await this.connection.run(`drop table ${duckdbName(source)}`);
            return Number(inserted.rowsChanged);
        });
    }

    async loadRows(target: Target, columns: Column[], rows: Row[]): Promise<void> {
        await this.createSchemaIfNotExists(target.database, target.schema);
        const definition = columns.map((column) => `${quoteIdentifier(column.name)} ${duckdbTypeFor(column.type)}`).join(", ");
        await this.connection.run(`create or replace table ${duckdbName(target)} (${definition})`);
        const batchSize = 500;
        for (let start = 0; start < rows.length; start += batchSize) {
            const values = rows
                .slice(start, start + batchSize)
                .map((row) => `(${columns.map((column) => toDuckDbLiteral(row[column.name] ?? null, column.type)).join(", ")})`);
            await this.connection.run(`insert into ${duckdbName(target)} values ${values.join(", ")}`);
        }
    }

    /** Loads NDJSON files as one BigQuery load job each, all in one transaction (see load-ndjson.ts). */
    async loadNdjsonFiles(files: NdjsonFile[], load: NdjsonLoad): Promise<LoadedFile[]> {
        return loadNdjsonFiles(this.connection, files, load);
    }

    /** Closes the file cleanly: DuckDB checkpoints it, so no write-ahead log is left beside it. */
    async close(): Promise<void> {
        this.connection.closeSync();
        this.instance.closeSync();
        this.profile?.close();
        openFiles.delete(this.path);
    }

    /** Materializes a query's rows, numbered, in a scratch table beside the target. */
    private async stage(target: Target, query: string): Promise<Target> {
        const source = this.scratch(target, "source");
        await this.connection.run(
            `create table ${duckdbName(source)} as select *, row_number() over () as __dataform_row from (${await this.translate(query, { query: true })}) as q`,
        );
        return source;
    }

    private scratch(target: Target, role: string): Target {
        this.scratchCounter += 1;
        return { schema: target.schema, name: `__dataform_${role}_${target.name}_${process.pid}_${this.scratchCounter}` };
    }

    atomically<T>(work: () => Promise<T>): Promise<T> {
        return this.inTransaction(work);
    }

    /**
     * One DuckDB transaction around `work`, or `work` alone inside one already open (DuckDB does not nest them).
     * A rollback drops everything the work created, scratch tables included; DuckDB's write-ahead log keeps only
     * committed transactions, so a process killed before the commit leaves the file as it was.
     */
    private async inTransaction<T>(work: () => Promise<T>): Promise<T> {
        if (this.inTransactionNow) return work();
        await this.connection.run("begin transaction");
        this.inTransactionNow = true;
        try {
            const result = await work();
            await this.connection.run("commit");
            return result;
        } catch (error) {
            // A failed commit has ended the transaction already; the work's own error is the one to report.
            await this.connection.run("rollback").catch(() => undefined);
            throw error;
        } finally {
            this.inTransactionNow = false;
        }
    }
}

/**
 * The translation of SQL with stand-ins (ScriptVariables.inline), each stand-in's string literal replaced
 * by its value's; undefined unless every stand-in is found, and only as that literal.
 */
function withValues(duckdbSql: string, values: Map<string, string>): string | undefined {
    let filled = duckdbSql;
    for (const [standIn, text] of values) {
        const quoted = `'${standIn}'`;
        const literals = filled.split(quoted).length - 1;
        if (literals === 0 || filled.toLowerCase().split(standIn).length - 1 !== literals) return undefined;
        filled = filled.replaceAll(quoted, sqlText(text));
    }
    return filled;
}
