/**
 * `load`: the contract's NDJSON files found in a folder, each into its raw table of the local
 * warehouse, with BigQuery's load-job semantics (engines/duckdb/load-ndjson.ts): the whole folder is
 * one transaction, every line is checked against the raw contract, and a ledger in the raw dataset
 * records each file loaded, so that appending the same file twice is refused.
 */
import type { DuckDbEngine } from "../engines/duckdb/engine.ts";
import type { BadRecord } from "../engines/duckdb/load-ndjson.ts";
import type { Target } from "../engines/engine.ts";
import { scanNdjson, type NdjsonScan } from "../engines/ndjson-scan.ts";
import { filesToLoad, partitionColumn, type RawTable } from "./raw-tables.ts";

/** The ledger's table in the raw dataset: one row per file loaded (see LEDGER_COLUMNS). */
export const LEDGER_TABLE = "load_ledger";

export interface TableLoad {
    table: RawTable;
    path: string;
    rows: number;
    /** Bad records left out, within --max-bad-records. */
    skipped: BadRecord[];
    seconds: number;
}

/** Where a file is: read (hashed and its lines counted) or checked and loaded; rows so far. */
export interface LoadProgress {
    table: RawTable;
    phase: "reading" | "loading";
    rows: number;
    seconds: number;
}

export interface LoadOptions {
    /** The raw dataset (default `raw`). */
    dataset?: string;
    /** Replace each table's rows (WRITE_TRUNCATE) instead of appending, once every file has loaded. */
    replace?: boolean;
    /** Bad records a file may hold and still load without them (bq --max_bad_records); default 0. */
    maxBadRecords?: number;
    /** Drop fields the raw table does not have instead of refusing the record (bq --ignore_unknown_values). */
    ignoreUnknownValues?: boolean;
    /** Append a file the ledger says was loaded into the table already. */
    force?: boolean;
    onProgress?: (progress: LoadProgress) => void;
    /** After the load has committed, once per table. */
    onTable?: (load: TableLoad) => void;
}

/** An append of files the ledger holds already: nothing was loaded. */
export class AlreadyLoadedError extends Error {}

export async function loadDirectory(engine: DuckDbEngine, dir: string, options: LoadOptions = {}): Promise<TableLoad[]> {
    const dataset = options.dataset ?? "raw";
    const ledger: Target = { schema: dataset, name: LEDGER_TABLE };
    const files: { table: RawTable; scan: NdjsonScan; started: number }[] = [];
    for (const { table, path } of filesToLoad(dir)) {
        const started = performance.now();
        const seconds = () => (performance.now() - started) / 1000;
        const scan = await scanNdjson(path, (rows) => options.onProgress?.({ table, phase: "reading", rows, seconds: seconds() }));
        files.push({ table, scan, started });
    }
    if (!options.replace && !options.force) await refuseLoadedFiles(engine, ledger, files);

    const loaded = await engine.loadNdjsonFiles(
        files.map(({ table, scan }) => ({
            target: { schema: dataset, name: table.name },
            columns: table.columns,
            scan,
            orderBy: partitionColumn(table),
        })),
        {
            replace: options.replace === true,
            maxBadRecords: options.maxBadRecords,
            ignoreUnknownValues: options.ignoreUnknownValues,
            ledger,
            onProgress: (file, done) => {
                const { table, started } = files.find(({ scan }) => scan === file.scan)!;
                options.onProgress?.({
                    table,
                    phase: "loading",
                    rows: Math.round(file.scan.lines * done),
                    seconds: (performance.now() - started) / 1000,
                });
            },
        },
    );
    const loads = loaded.map(({ rows, skipped, seconds }, index) => ({
        table: files[index]!.table,
        path: files[index]!.scan.path,
        rows,
        skipped,
        seconds,
    }));
    for (const load of loads) options.onTable?.(load);
    return loads;
}

/** Refuses an append of a file whose content the ledger holds for the same table: its rows would be in the table twice. */
async function refuseLoadedFiles(engine: DuckDbEngine, ledger: Target, files: { table: RawTable; scan: NdjsonScan }[]): Promise<void> {
    if ((await engine.relationKind(ledger)) !== "table") return;
    // table names and hex digests hold no quotes or spaces
    const wanted = files.map(({ table, scan }) => `'${ledger.schema}.${table.name} ${scan.sha256}'`).join(", ");
    const { rows } = await engine.query(
        `select table_name, file, cast(loaded_at as string) as loaded_at from ${ledger.schema}.${ledger.name}
         where concat(table_name, ' ', sha256) in (${wanted}) order by loaded_at`,
    );
    if (rows.length === 0) return;
    const lines = rows.map((row) => `\n  ${row.table_name}: ${row.file}, loaded ${row.loaded_at}`).join("");
    throw new AlreadyLoadedError(
        `nothing was loaded: ${rows.length === 1 ? "this file's content was" : "these files' contents were"} loaded already (the load ledger ${ledger.schema}.${ledger.name}); appending again would count the rows twice${lines}\n` +
            `  use --replace to replace the tables' rows, or --force to append anyway`,
    );
}
