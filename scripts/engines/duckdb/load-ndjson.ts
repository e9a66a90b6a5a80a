import { existsSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { NdjsonLoad, Target } from "../engine.ts";
import type { Column } from "../values.ts";
import { duckdbName, quoteIdentifier, sqlText } from "./naming.ts";
import { duckdbTypeFor } from "./read.ts";

/**
 * Loads an NDJSON file (BigQuery's newline-delimited JSON) into a table with
 * these columns, inside DuckDB so that millions of rows never pass through
 * JavaScript. Returns the rows loaded.
 */
export async function loadNdjson(
    connection: DuckDBConnection,
    target: Target,
    columns: Column[],
    file: string,
    load: NdjsonLoad,
): Promise<number> {
    if (!existsSync(file)) throw new Error(`${file} does not exist`);
    const name = duckdbName(target);
    const definition = columns.map((column) => `${quoteIdentifier(column.name)} ${duckdbTypeFor(column.type)}`).join(", ");
    await connection.run(`create ${load.replace ? "or replace table" : "table if not exists"} ${name} (${definition})`);

    // Every field is read as text and cast with the column's type, so a bad value fails loudly like a BigQuery load job.
    const readAs = columns.map((column) => `${quoteIdentifier(column.name)}: 'VARCHAR'`).join(", ");
    const casts = columns
        .map((column) => `cast(${quoteIdentifier(column.name)} as ${duckdbTypeFor(column.type)}) as ${quoteIdentifier(column.name)}`)
        .join(", ");
    // Rows stored in partition order let a query filtering on the partition column read only the row groups it needs.
    const order = load.orderBy ? `order by ${quoteIdentifier(load.orderBy)}` : "";
    const result = await connection.run(
        `insert into ${name} select ${casts} from read_json(${sqlText(file)},
         format = 'newline_delimited', columns = {${readAs}}, maximum_object_size = 16777216) ${order}`,
    );
    return Number(result.rowsChanged);
}
