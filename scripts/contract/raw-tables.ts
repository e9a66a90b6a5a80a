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

export const RAW_TABLES: RawTable[] = [
    {
        name: "events",
        file: "events.ndjson",
        columns: [
            { name: "event_id", type: "STRING" },
            { name: "event_name", type: "STRING" },
            { name: "event_timestamp", type: "STRING" },
            { name: "received_at", type: "TIMESTAMP" },
            { name: "user_id", type: "STRING" },
            { name: "anonymous_id", type: "STRING" },
            { name: "source", type: "STRING" },
            { name: "platform", type: "STRING" },
            { name: "schema_version", type: "INT64" },
            { name: "consent", type: "STRING" },
            { name: "context", type: "STRING" },
            { name: "payload", type: "STRING" },
        ],
        partitionBy: "DATE(received_at)",
        clusterBy: ["event_name", "anonymous_id"],
    },
    {
        name: "orders",
        file: "orders.ndjson",
        columns: [
            { name: "order_id", type: "STRING" },
            { name: "user_id", type: "STRING" },
            { name: "created_at", type: "TIMESTAMP" },
            { name: "status", type: "STRING" },
            { name: "currency", type: "STRING" },
            { name: "revenue", type: "NUMERIC" },
            { name: "tax", type: "NUMERIC" },
            { name: "shipping", type: "NUMERIC" },
            { name: "updated_at", type: "TIMESTAMP" },
        ],
        partitionBy: "DATE(created_at)",
        clusterBy: ["order_id"],
    },
    {
        name: "ad_spend",
        file: "ad_spend.ndjson",
        columns: [
            { name: "spend_date", type: "DATE" },
            { name: "source", type: "STRING" },
            { name: "medium", type: "STRING" },
            { name: "campaign", type: "STRING" },
            { name: "channel", type: "STRING" },
            { name: "currency", type: "STRING" },
            { name: "spend", type: "NUMERIC" },
            { name: "impressions", type: "INT64" },
            { name: "clicks", type: "INT64" },
        ],
        partitionBy: "spend_date",
    },
    {
        name: "fx_rates",
        file: "fx_rates.ndjson",
        columns: [
            { name: "rate_date", type: "DATE" },
            { name: "currency", type: "STRING" },
            { name: "usd_rate", type: "NUMERIC" },
        ],
    },
    {
        name: "products",
        file: "products.ndjson",
        columns: [
            { name: "product_id", type: "STRING" },
            { name: "name", type: "STRING" },
            { name: "category", type: "STRING" },
            { name: "price", type: "NUMERIC" },
            { name: "unit_cost", type: "NUMERIC" },
        ],
    },
];
