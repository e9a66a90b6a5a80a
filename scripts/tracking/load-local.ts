/** `load`: the contract's NDJSON files found in a folder, each into its raw table on a local engine. */
import type { Engine } from "../engines/engine.ts";
import { filesToLoad, partitionColumn, type RawTable } from "./raw-tables.ts";

export interface TableLoad {
    table: RawTable;
    rows: number;
    seconds: number;
}

export interface LoadOptions {
    /** The raw dataset (default `raw`). */
    dataset?: string;
    /** Replace each table's rows instead of appending. */
    replace?: boolean;
    /** Before a file is loaded, and after each table is. */
    onTableStart?: (table: RawTable, path: string) => void;
    onTable?: (load: TableLoad) => void;
}

export async function loadDirectory(engine: Engine, dir: string, options: LoadOptions = {}): Promise<TableLoad[]> {
    const loads: TableLoad[] = [];
    for (const { table, path } of filesToLoad(dir)) {
        options.onTableStart?.(table, path);
        const started = performance.now();
        const target = { schema: options.dataset ?? "raw", name: table.name };
        let rows: number;
        try {
            rows = await engine.loadNdjson(target, table.columns, path, {
                replace: options.replace === true,
                orderBy: partitionColumn(table),
            });
        } catch (error) {
            throw new Error(`loading ${path} into ${target.schema}.${table.name}: ${(error as Error).message}`);
        }
        const load = { table, rows, seconds: (performance.now() - started) / 1000 };
        options.onTable?.(load);
        loads.push(load);
    }
    return loads;
}
