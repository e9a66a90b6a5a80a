/**
 * ZetaSQL reference evaluator as an oracle for BigQuery semantics: runs
 * BigQuery SQL over small in-memory tables and returns canonical rows
 * (scripts/engines/values.ts), so results compare with DuckDB's by deep equality.
 */
import type { Column, QueryResult, Row } from "../values.ts";
import { analyzerOptions, dataCatalog, fullName, schemaCatalog, type TableData, type TableSchema } from "./catalog.ts";
import { decodeValue, type ValueProto } from "./codec.ts";
import { rewriteTableNames, type AstNode } from "./sql-names.ts";
import { ZetaSqlServer, ZetaSqlServerError } from "./server.ts";
import { formatType, fromTypeProto, parseType, type SqlType, type TypeProto } from "./types.ts";

export type { TableData, TableSchema } from "./catalog.ts";
export { ZetaSqlServerError } from "./server.ts";
export { tablePaths, type AstNode, type TablePath } from "./sql-names.ts";

export type ModifyOperation = "INSERT" | "UPDATE" | "DELETE";

/**
 * What EvaluateModify returns: only the rows the statement touched, never the
 * whole table, and the server keeps no state. INSERT and UPDATE changes carry
 * the row as it is after the statement; a DELETE change has row null, because
 * the server identifies deleted rows only by primary key, and tables with a
 * primary key crash it on INSERT.
 */
export interface ModifyResult {
    table: string;
    columns: Column[];
    /** `key`: the primary key of the row before the change, when the table has one (see TableSchema.primaryKey). */
    changes: { operation: ModifyOperation; row: Row | null; key?: Row }[];
}

interface SimpleColumnProto {
    name: string;
    type: TypeProto;
}

interface EvaluateQueryResponse {
    content: { tableData: { row: { cell: ValueProto[] }[] } | null } | null;
    prepared: { columns: SimpleColumnProto[] } | null;
}

interface EvaluateModifyResponse {
    tableName: string;
    content: { operation: string; cell: ValueProto[]; oldPrimaryKey: ValueProto[] }[];
}

interface AnalyzeResponse {
    resolvedStatement?: Record<string, unknown>;
}

export class ZetaSql {
    private constructor(private readonly server: ZetaSqlServer) {}

    /** Starts a private server; stop() it when done (it also dies with this process). */
    static async start(options: { callTimeoutMs?: number } = {}): Promise<ZetaSql> {
        const server = await ZetaSqlServer.start(options);
        const zetaSql = new ZetaSql(server);
        try {
            await analyzerOptions(server);
        } catch (error) {
            await server.stop();
            throw error;
        }
        return zetaSql;
    }

    /** Times the server was started, counting restarts after crashes. */
    get serverStarts(): number {
        return this.server.starts;
    }

    /** Process id of the native server; tests kill it to check recovery. */
    serverPid(): Promise<number> {
        return this.server.pid();
    }

    /** Runs one query over the given tables and returns its columns and canonical rows. */
    async evaluate(sql: string, tables: TableData[]): Promise<QueryResult> {
        const response = await this.callWithData<EvaluateQueryResponse>("EvaluateQuery", sql, tables);
        const columns = resultColumns(response.prepared?.columns ?? []);
        const rows = (response.content?.tableData?.row ?? []).map((row, rowIndex) => decodeRow(row.cell, columns, `row ${rowIndex}`));
        return { columns: columns.map(({ name, type }) => ({ name, type: formatType(type) })), rows };
    }

    /**
     * Resolves and type-checks one statement against table schemas: a local dry
     * run. Returns the output columns of a query ([] for other statements);
     * errors carry ZetaSQL's message with "[at line:column]".
     */
    async analyze(sql: string, tables: TableSchema[]): Promise<{ columns: Column[] }> {
        const options = await analyzerOptions(this.server);
        const simpleCatalog = schemaCatalog(tables, options.languageOptions);
        // Rewritten like evaluated SQL so that `proj.raw.events` keeps BigQuery's implicit alias `events`.
        const response = await this.callRewritten<AnalyzeResponse>(sql, tables, (rewritten) =>
            this.server.call("Analyze", { sqlStatement: rewritten, options, simpleCatalog }, sql),
        );
        return { columns: outputColumns(response.resolvedStatement ?? {}) };
    }

    /** Parses one statement without a catalog and returns ZetaSQL's AST (parse_tree.proto as JSON, with byte locations). */
    async parse(sql: string): Promise<AstNode> {
        const options = await analyzerOptions(this.server);
        const response = await this.server.call<{ parsedStatement: AstNode | null }>(
            "Parse",
            { sqlStatement: sql, options: options.languageOptions },
            sql,
        );
        return response.parsedStatement ?? {};
    }

    /** Runs one INSERT, UPDATE or DELETE; see ModifyResult for what comes back. */
    async evaluateModify(sql: string, tables: TableData[]): Promise<ModifyResult> {
        const response = await this.callWithData<EvaluateModifyResponse>("EvaluateModify", sql, tables);
        const table = tables.find((candidate) => fullName(candidate.name) === response.tableName);
        if (!table) throw new Error(`ZetaSQL modified unknown table ${response.tableName}`);
        const columns = table.columns.map((column) => ({ name: column.name, type: parseType(column.type) }));
        const keyColumns = (table.primaryKey ?? []).map((name) => columns.find((column) => column.name === name)!);
        const changes = response.content.map((change, index) => ({
            operation: change.operation as ModifyOperation,
            row: change.cell.length === 0 ? null : decodeRow(change.cell, columns, `change ${index}`),
            ...(keyColumns.length > 0 ? { key: decodeRow(change.oldPrimaryKey, keyColumns, `change ${index} key`) } : {}),
        }));
        return { table: response.tableName, columns: table.columns, changes };
    }

    async stop(): Promise<void> {
        await this.server.stop();
    }

    /** An evaluating RPC over tables with contents. */
    private async callWithData<T>(method: string, sql: string, tables: TableData[]): Promise<T> {
        const options = await analyzerOptions(this.server);
        const { simpleCatalog, tableContent } = dataCatalog(tables, options.languageOptions);
        return this.callRewritten(sql, tables, (rewritten) =>
            this.server.call<T>(method, { sql: rewritten, options, simpleCatalog, tableContent }, sql),
        );
    }

    /** Calls with table names rewritten (sql-names.ts); errors on the rewritten SQL point at the caller's SQL. */
    private async callRewritten<T>(sql: string, tables: TableSchema[], call: (rewritten: string) => Promise<T>): Promise<T> {
        const options = await analyzerOptions(this.server);
        const rewrite = await rewriteTableNames(this.server, sql, tables, options.languageOptions);
        try {
            return await call(rewrite.sql);
        } catch (error) {
            if (error instanceof ZetaSqlServerError && rewrite.edits.length > 0) {
                throw new ZetaSqlServerError(rewrite.mapMessage(error.message), error.code);
            }
            throw error;
        }
    }
}

/** BigQuery names unnamed result columns f0_, f1_, ... by position; ZetaSQL says $col1, $col2, ... */
function resultColumns(protos: SimpleColumnProto[]): { name: string; type: SqlType }[] {
    const columns = protos.map((column, index) => ({
        name: /^\$col\d+$/.test(column.name) || column.name === "" ? `f${index}_` : column.name,
        type: fromTypeProto(column.type),
    }));
    const seen = new Set<string>();
    for (const column of columns) {
        // BigQuery refuses to write a result with two columns of one name.
        if (seen.has(column.name.toLowerCase()))
            throw new Error(`Duplicate column names in the result are not supported. Found duplicate(s): ${column.name}`);
        seen.add(column.name.toLowerCase());
    }
    return columns;
}

function decodeRow(cells: ValueProto[], columns: { name: string; type: SqlType }[], where: string): Row {
    const row: Row = {};
    columns.forEach((column, index) => {
        row[column.name] = decodeValue(cells[index] ?? {}, column.type, `${where}.${column.name}`);
    });
    return row;
}

/** Output columns of a resolved query statement; [] for statements without a result. */
function outputColumns(statement: Record<string, unknown>): Column[] {
    const query = (statement as { resolvedQueryStmtNode?: { outputColumnList?: { name: string; column: { type: TypeProto } }[] } })
        .resolvedQueryStmtNode;
    if (!query) return [];
    return (query.outputColumnList ?? []).map((output, index) => ({
        name: /^\$col\d+$/.test(output.name) ? `f${index}_` : output.name,
        type: formatType(fromTypeProto(output.column.type)),
    }));
}
