/**
 * What each query read, from DuckDB's own profiler: with profiling on, DuckDB writes a JSON tree of
 * every query's operators to a file, overwritten by the next query. A table scan's `operator_rows_scanned`
 * counts the rows it read after skipping the row groups its filters rule out (DuckDB's zone maps), the
 * local stand-in for the partitions and clusters BigQuery prunes before it bills.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { TableRead } from "../engine.ts";
import { sqlText, WAREHOUSE_CATALOG } from "./naming.ts";

interface ProfileNode {
    operator_type?: string;
    operator_rows_scanned?: number;
    extra_info?: { Table?: string };
    children?: ProfileNode[];
}

/** The engine's own scratch tables (a MERGE's staged rows): BigQuery reads no such table. */
const SCRATCH = /^__dataform_/;

export class ScanProfile {
    private readonly folder = mkdtempSync(join(tmpdir(), "duckdb-profile-"));
    private readonly file = join(this.folder, "query.json");
    private readonly rowsByTable = new Map<string, number>();

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
        this.addScans(JSON.parse(text) as ProfileNode);
    }

    private addScans(node: ProfileNode): void {
        const table = node.extra_info?.Table;
        if (node.operator_type === "TABLE_SCAN" && table) {
            const name = table.startsWith(`${WAREHOUSE_CATALOG}.`) ? table.slice(WAREHOUSE_CATALOG.length + 1) : table;
            if (!SCRATCH.test(name.split(".").at(-1) ?? "")) {
                this.rowsByTable.set(name, (this.rowsByTable.get(name) ?? 0) + (node.operator_rows_scanned ?? 0));
            }
        }
        for (const child of node.children ?? []) this.addScans(child);
    }

    /** The rows read from each table since the last call, most first. */
    take(): TableRead[] {
        const reads = [...this.rowsByTable].map(([table, rows]) => ({ table, rows })).sort((a, b) => b.rows - a.rows);
        this.rowsByTable.clear();
        return reads;
    }

    close(): void {
        rmSync(this.folder, { recursive: true, force: true });
    }
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
