import { existsSync } from "node:fs";
import { join } from "node:path";
import type { CompiledGraph } from "../dataform/graph.ts";
import type { Column } from "../engines/values.ts";

/** One input table of the contract (design: inputs), as loaders and bootstrap create it. */
export interface RawTable {
    name: string;
    /** The NDJSON file the generator writes and loaders read. */
    file: string;
    columns: Column[];
    /** BigQuery partitioning and clustering of the table in production. */
    partitionBy?: string;
    clusterBy?: string[];
}

/** The column a table's partitioning reads (`DATE(received_at)` -> `received_at`), if partitioned. */
export function partitionColumn(table: RawTable): string | undefined {
    if (!table.partitionBy) return undefined;
    const match = /^\s*(?:date\s*\(\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*\)?\s*$/i.exec(table.partitionBy);
    if (!match) throw new Error(`${table.name}: partitionBy ${table.partitionBy} is neither a column nor DATE(column)`);
    return match[1];
}

/** A raw table from a DDL column list (`name TYPE, name TYPE, ...`); its file is `<name>.ndjson`. */
function rawTable(name: string, columnList: string, layout: Pick<RawTable, "partitionBy" | "clusterBy"> = {}): RawTable {
    const columns = columnList.split(",").map((spec) => {
        const [column, type] = spec.trim().split(/\s+/);
        return { name: column!, type: type! };
    });
    return { name, file: `${name}.ndjson`, columns, ...layout };
}

export const RAW_TABLES: RawTable[] = [
    rawTable(
        "events",
        `event_id STRING, event_name STRING, event_timestamp STRING, received_at TIMESTAMP, user_id STRING, anonymous_id STRING,
         source STRING, platform STRING, schema_version INT64, consent STRING, context STRING, payload STRING`,
        { partitionBy: "DATE(received_at)", clusterBy: ["event_name", "anonymous_id"] },
    ),
    rawTable(
        "orders",
        `order_id STRING, user_id STRING, created_at TIMESTAMP, status STRING, currency STRING, revenue NUMERIC, tax NUMERIC,
         shipping NUMERIC, updated_at TIMESTAMP`,
        { partitionBy: "DATE(created_at)", clusterBy: ["order_id"] },
    ),
    rawTable(
        "ad_spend",
        `spend_date DATE, source STRING, medium STRING, campaign STRING, channel STRING, currency STRING, spend NUMERIC,
         impressions INT64, clicks INT64`,
        { partitionBy: "spend_date" },
    ),
    rawTable("fx_rates", "rate_date DATE, currency STRING, usd_rate NUMERIC"),
    rawTable("products", "product_id STRING, name STRING, category STRING, price NUMERIC, unit_cost NUMERIC"),
];

/** The contract files present in `dir`, with their tables; an error when there are none. */
export function filesToLoad(dir: string): { table: RawTable; path: string }[] {
    const present = RAW_TABLES.map((table) => ({ table, path: join(dir, table.file) })).filter(({ path }) => existsSync(path));
    if (present.length === 0) throw new Error(`${dir} holds none of ${RAW_TABLES.map((table) => table.file).join(", ")}`);
    return present;
}

/** The raw dataset: var `raw_dataset` (as compiled, so --vars overrides count), default `raw`. */
export function rawDataset(graph: CompiledGraph): string {
    return graph.projectConfig.vars?.raw_dataset || "raw";
}

/** The raw tables' typed columns by `dataset.table`, as `validate` takes declaration schemas. */
export function rawSchemas(graph: CompiledGraph): Record<string, Column[]> {
    return Object.fromEntries(RAW_TABLES.map((table) => [`${rawDataset(graph)}.${table.name}`, table.columns]));
}
