/**
 * What each query read, from DuckDB's own profiler: with profiling on, DuckDB writes a JSON tree of
 * every query's operators to a file, overwritten by the next query. A table scan's `operator_rows_scanned`
 * counts the rows it read after skipping the row groups its filters rule out (DuckDB's zone maps), the
 * local stand-in for the partitions and clusters BigQuery prunes before it bills. Its projections and
 * pushed-down filters name the columns it read: BigQuery bills those, once per query (read-bytes.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { TableRead } from "../engine.ts";
import { sqlText, WAREHOUSE_CATALOG } from "./naming.ts";

/** DuckDB prints a list of one item as a string, and none as "". */
type ProfileText = string | string[] | undefined;

interface ProfileNode {
    operator_type?: string;
    operator_rows_scanned?: number;
    extra_info?: { Table?: string; Projections?: ProfileText; Filters?: ProfileText; "Dynamic Filters"?: ProfileText };
    children?: ProfileNode[];
}

interface Scan {
    table: string;
    rows: number;
    columns: Set<string>;
}

const texts = (text: ProfileText): string[] => (Array.isArray(text) ? text : text ? [text] : []);

/** The columns a scan read: its projections (a STRUCT field read as `s.f` counts as the column `s`) and the words of its filters outside quotes. */
function scannedColumns(info: NonNullable<ProfileNode["extra_info"]>): Set<string> {
    const projected = texts(info.Projections).map((name) => name.replace(/^"(.*)"$/, "$1").split(".")[0]!);
    const filtered = [...texts(info.Filters), ...texts(info["Dynamic Filters"])].flatMap(
        (filter) => filter.replace(/'(?:[^']|'')*'/g, " ").match(/[A-Za-z_]\w*/g) ?? [],
    );
    return new Set([...projected, ...filtered].filter(Boolean));
}

/** The engine's own scratch tables (a MERGE's staged rows): BigQuery reads no such table. */
const SCRATCH = /^__dataform_/;

export class ScanProfile {
    private readonly folder = mkdtempSync(join(tmpdir(), "duckdb-profile-"));
    private readonly file = join(this.folder, "query.json");
    private readonly readsByTable = new Map<string, TableRead>();

    /** Turns DuckDB's profiler on for the connection, writing only what the scans need. */
    async start(connection: DuckDBConnection): Promise<void> {
        const metrics = { OPERATOR_TYPE: "true", OPERATOR_ROWS_SCANNED: "true", EXTRA_INFO: "true" };
        await connection.run(
            `set enable_profiling = 'json'; set profiling_coverage = 'ALL'; set profiling_output = ${sqlText(this.file)};` +
                `set custom_profiling_settings = ${sqlText(JSON.stringify(metrics))}`,
        );
    }

    /** Adds the scans of the query that just ran. */
    record(): void {
        let text: string;
        try {
            text = readFileSync(this.file, "utf8");
        } catch {
            return;
        }
        rmSync(this.file, { force: true });
        if (text.trim() === "") return;
        const scans: Scan[] = [];
        collectScans(JSON.parse(text) as ProfileNode, scans);
        // Rows add up over the statement's scans; a column's rows are the most any scan read (BigQuery bills it once).
        const statement = new Map<string, TableRead>();
        for (const scan of scans) {
            const read = statement.get(scan.table) ?? { table: scan.table, rows: 0, columns: {} };
            read.rows += scan.rows;
            for (const column of scan.columns) read.columns[column] = Math.max(read.columns[column] ?? 0, scan.rows);
            statement.set(scan.table, read);
        }
        for (const read of statement.values()) {
            const total = this.readsByTable.get(read.table) ?? { table: read.table, rows: 0, columns: {} };
            total.rows += read.rows;
            for (const [column, rows] of Object.entries(read.columns)) total.columns[column] = (total.columns[column] ?? 0) + rows;
            this.readsByTable.set(read.table, total);
        }
    }

    /** What was read from each table since the last call, most rows first. */
    take(): TableRead[] {
        const reads = [...this.readsByTable.values()].sort((a, b) => b.rows - a.rows);
        this.readsByTable.clear();
        return reads;
    }

    close(): void {
        rmSync(this.folder, { recursive: true, force: true });
    }
}

function collectScans(node: ProfileNode, scans: Scan[]): void {
    const info = node.extra_info;
    if (node.operator_type === "TABLE_SCAN" && info?.Table) {
        const table = info.Table.startsWith(`${WAREHOUSE_CATALOG}.`) ? info.Table.slice(WAREHOUSE_CATALOG.length + 1) : info.Table;
        if (!SCRATCH.test(table.split(".").at(-1) ?? ""))
            scans.push({ table, rows: node.operator_rows_scanned ?? 0, columns: scannedColumns(info) });
    }
    for (const child of node.children ?? []) collectScans(child, scans);
}

/**
 * The connection the engine runs everything on, recording each statement's scans when profiling:
 * every query of the engine goes through run or runAndReadAll, so this one place sees them all.
 */
export function profiledConnection(connection: DuckDBConnection, profile: ScanProfile): DuckDBConnection {
    return new Proxy(connection, {
        get(target, property) {
            const value: unknown = Reflect.get(target, property, target);
            if (typeof value !== "function") return value;
            if (property !== "run" && property !== "runAndReadAll") return value.bind(target);
            return async (...args: unknown[]) => {
                const result: unknown = await value.apply(target, args);
                profile.record();
                return result;
            };
        },
    });
}
