import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import type { Row } from "../../scripts/engines/values.ts";

export { fixtureProject } from "../fixtures/projects.ts";

/** A DuckDB warehouse in a fresh temporary file; `dispose` closes and deletes it. */
export async function temporaryWarehouse(): Promise<{ engine: DuckDbEngine; path: string; dispose: () => Promise<void> }> {
    const dir = mkdtempSync(join(tmpdir(), "warehouse-"));
    const path = join(dir, "warehouse.duckdb");
    const engine = await DuckDbEngine.open(path);
    return {
        engine,
        path,
        dispose: async () => {
            await engine.close();
            rmSync(dir, { recursive: true, force: true });
        },
    };
}

/** Rows of a BigQuery query, sorted by their JSON text so comparisons ignore row order. */
export async function sortedRows(engine: DuckDbEngine, sql: string): Promise<Row[]> {
    const { rows } = await engine.query(sql);
    return rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}
