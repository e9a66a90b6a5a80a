/**
 * BigQuery's INFORMATION_SCHEMA.TABLES and .COLUMNS on the warehouse, in
 * BigQuery's column names and types. `dataset.INFORMATION_SCHEMA.X` holds
 * that dataset's tables; `region-xx.INFORMATION_SCHEMA.X` (or no qualifier)
 * every dataset's. naming.ts maps those paths to temporary tables that
 * `refreshInformationSchema` fills before a query that reads them. Locally
 * unknown values are NULL: table_catalog (the warehouse keeps no project),
 * creation_time, ddl; partitioning and clustering columns are "NO" / NULL.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { bigQueryTypeFor } from "./types.ts";
import { informationSchemaTable, quoteIdentifier, sqlText, WAREHOUSE_CATALOG } from "./naming.ts";

export const INFORMATION_SCHEMA_VIEWS = ["TABLES", "COLUMNS"] as const;

/** Whether a SQL text may read INFORMATION_SCHEMA (a cheap test before the refresh). */
export function readsInformationSchema(sql: string): boolean {
    return /information_schema/i.test(sql);
}

const NOT_SCRATCH = "table_name not like '\\_\\_dataform\\_%' escape '\\'";

/** Fills the temporary tables with the warehouse's tables and columns as they are now. */
export async function refreshInformationSchema(connection: DuckDBConnection): Promise<void> {
    const tables = (
        await connection.runAndReadAll(
            `select table_schema, table_name, table_type from information_schema.tables
             where table_catalog = '${WAREHOUSE_CATALOG}' and ${NOT_SCRATCH} order by table_schema, table_name`,
        )
    ).getRows();
    const columns = (
        await connection.runAndReadAll(
            `select table_schema, table_name, column_name, ordinal_position, is_nullable, data_type from information_schema.columns
             where table_catalog = '${WAREHOUSE_CATALOG}' and ${NOT_SCRATCH} order by table_schema, table_name, ordinal_position`,
        )
    ).getRows();
    const text = (value: unknown) => (value === null || value === undefined ? "null::varchar" : sqlText(String(value)));
    const tableRows = tables.map(
        ([schema, name, type]) =>
            `(null::varchar, ${text(schema)}, ${text(name)}, ${text(type === "VIEW" ? "VIEW" : "BASE TABLE")}, ${text(type === "VIEW" ? "NO" : "YES")}, 'NO', null::timestamptz, null::varchar)`,
    );
    const columnRows = columns.map(
        ([schema, table, column, position, nullable, type]) =>
            `(null::varchar, ${text(schema)}, ${text(table)}, ${text(column)}, ${Number(position)}::bigint, ${text(nullable)}, ${text(bigQueryTypeFor(String(type)))}, ` +
            `'NEVER', null::varchar, null::varchar, 'NO', null::varchar, 'NO', 'NO', null::bigint, 'NULL', 'NULL', null::varchar)`,
    );
    const tableColumns = "table_catalog, table_schema, table_name, table_type, is_insertable_into, is_typed, creation_time, ddl";
    const columnColumns =
        "table_catalog, table_schema, table_name, column_name, ordinal_position, is_nullable, data_type, is_generated, generation_expression, " +
        "is_stored, is_hidden, is_updatable, is_system_defined, is_partitioning_column, clustering_ordinal_position, collation_name, column_default, rounding_mode";
    await fill(connection, "TABLES", tableColumns, tableRows);
    await fill(connection, "COLUMNS", columnColumns, columnRows);
    // One view per dataset, so `marts.INFORMATION_SCHEMA.TABLES` reads only marts.
    const datasets = (
        await connection.runAndReadAll(`select schema_name from information_schema.schemata where catalog_name = '${WAREHOUSE_CATALOG}'`)
    )
        .getRows()
        .map(([schema]) => String(schema));
    for (const view of INFORMATION_SCHEMA_VIEWS) {
        for (const dataset of datasets) {
            await connection.run(
                `create or replace temp view ${quoteIdentifier(informationSchemaTable(view, dataset))} as
                 select * from temp.main.${quoteIdentifier(informationSchemaTable(view))} where table_schema = ${sqlText(dataset)}`,
            );
        }
    }
}

async function fill(connection: DuckDBConnection, view: string, columns: string, rows: string[]): Promise<void> {
    const names = columns.split(", ");
    const empty = `select ${names.map((name) => `null::varchar as ${name}`).join(", ")} where false`;
    const source = rows.length ? `select * from (values ${rows.join(", ")}) as t(${columns})` : empty;
    await connection.run(`create or replace temp table ${quoteIdentifier(informationSchemaTable(view))} as ${source}`);
}
