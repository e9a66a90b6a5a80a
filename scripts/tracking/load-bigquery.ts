/** `bq load`: the contract's NDJSON files found in a folder, each sent to its raw table with a load job. */
import { readFileSync } from "node:fs";
import type { CompiledGraph } from "../dataform/graph.ts";
import type { BigQueryClient } from "../engines/bigquery/client.ts";
import { rawFields, timePartitioning } from "./raw-tables-bigquery.ts";
import { filesToLoad, rawDataset, type RawTable } from "./raw-tables.ts";

export interface LoadError {
    message: string;
    location?: string;
    /** The file's line BigQuery's byte position falls on, when its message gives one. */
    line?: number;
}

export interface FileLoad {
    table: string;
    file: string;
    rows: number;
    errors: LoadError[];
}

/** How the jobs write and how many bad records they let through (the same options as the local `load`). */
export interface BigQueryLoadOptions {
    replace: boolean;
    maxBadRecords?: number;
    ignoreUnknownValues?: boolean;
}

/** The load job configuration: the contract schema enforced (unknown fields and bad values are bad records), append or replace. */
export function loadConfiguration(
    table: RawTable,
    { replace, maxBadRecords, ignoreUnknownValues }: BigQueryLoadOptions,
): Record<string, unknown> {
    return {
        sourceFormat: "NEWLINE_DELIMITED_JSON",
        schema: { fields: rawFields(table) },
        writeDisposition: replace ? "WRITE_TRUNCATE" : "WRITE_APPEND",
        // The table comes from bootstrap, partitioned and clustered; a load never creates a bare one.
        createDisposition: "CREATE_NEVER",
        ignoreUnknownValues: ignoreUnknownValues === true,
        maxBadRecords: maxBadRecords ?? 0,
        ...(table.partitionBy ? { timePartitioning: timePartitioning(table.partitionBy) } : {}),
        ...(table.clusterBy?.length ? { clustering: { fields: table.clusterBy } } : {}),
    };
}

export async function loadDirectory(
    client: BigQueryClient,
    graph: CompiledGraph,
    dir: string,
    options: BigQueryLoadOptions,
): Promise<FileLoad[]> {
    const dataset = rawDataset(graph);
    const results: FileLoad[] = [];
    for (const { table, path } of filesToLoad(dir)) {
        const outcome = await client.load(dataset, table.name, path, loadConfiguration(table, options));
        results.push({
            table: `${dataset}.${table.name}`,
            file: table.file,
            rows: outcome.outputRows,
            errors: outcome.errors.map((error) => ({ ...error, line: lineOfPosition(path, error.message) })),
        });
    }
    return results;
}

/** BigQuery names a bad JSON row by its byte offset ("row starting at position 1234"); readers want the line. */
export function lineOfPosition(path: string, message: string): number | undefined {
    const position = /position (\d+)/i.exec(message);
    if (!position) return undefined;
    const before = readFileSync(path).subarray(0, Number(position[1]));
    return before.filter((byte) => byte === 0x0a).length + 1;
}
