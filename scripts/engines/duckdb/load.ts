import { existsSync } from "node:fs";
import { partitionColumn, type RawTable } from "../../contract/raw-tables.ts";
import type { DuckDbEngine } from "./engine.ts";
import { duckdbName, quoteIdentifier, sqlText } from "./naming.ts";
import { duckdbTypeFor } from "./read.ts";

/**
 * Loads an NDJSON file (BigQuery's newline-delimited JSON) into a raw table,
 * inside DuckDB so that millions of rows never pass through JavaScript.
 * Appends, or replaces the table's rows with `replace`. Returns rows loaded.
 */
export async function loadNdjson(engine: DuckDbEngine, schema: string, table: RawTable, file: string, replace: boolean): Promise<number> {
    if (!existsSync(file)) throw new Error(`${file} does not exist`);
    const target = duckdbName({ schema, name: table.name });
    const definition = table.columns.map((column) => `${quoteIdentifier(column.name)} ${duckdbTypeFor(column.type)}`).join(", ");
    await engine.createSchemaIfNotExists(undefined, schema);
    await engine.connection.run(`create ${replace ? "or replace table" : "table if not exists"} ${target} (${definition})`);

    // Every field is read as text and cast with the contract's type, so a bad value fails loudly like a BigQuery load job.
    const readAs = table.columns.map((column) => `${quoteIdentifier(column.name)}: 'VARCHAR'`).join(", ");
    const casts = table.columns
        .map((column) => `cast(${quoteIdentifier(column.name)} as ${duckdbTypeFor(column.type)}) as ${quoteIdentifier(column.name)}`)
        .join(", ");
    // Rows are stored in partition order, as BigQuery's partitions group them, so a
    // query filtering on the partition column reads only the row groups it needs.
    const partition = partitionColumn(table);
    const order = partition ? `order by ${quoteIdentifier(partition)}` : "";
    try {
        const result = await engine.connection.run(
            `insert into ${target} select ${casts} from read_json(${sqlText(file)},
         format = 'newline_delimited', columns = {${readAs}}, maximum_object_size = 16777216) ${order}`,
        );
        return Number(result.rowsChanged);
    } catch (error) {
        throw new Error(`loading ${file} into ${schema}.${table.name}: ${(error as Error).message}`);
    }
}
