import { existsSync } from "node:fs";
import { join } from "node:path";
import { RAW_TABLES } from "../contract/raw-tables.ts";
import { DuckDbEngine, warehousePath } from "../engines/duckdb/engine.ts";
import { loadNdjson } from "../engines/duckdb/load.ts";
import { parseCommandArgs, UsageError } from "./args.ts";

const USAGE = `usage: npm run local -- load --dir DIR [--replace] [--dataset raw] [--warehouse FILE]
Loads whichever of ${RAW_TABLES.map((table) => table.file).join(", ")} DIR holds into the raw tables
(appending, or replacing their rows with --replace).`;

export async function main(argv: string[]): Promise<number> {
    const args = parseCommandArgs(argv, USAGE, {
        dir: { type: "string" },
        replace: { type: "boolean" },
        dataset: { type: "string", default: "raw" },
        warehouse: { type: "string" },
    });
    if (!args) return 0;
    const { dir, replace, dataset, warehouse } = args.values;
    if (!dir) throw new UsageError(USAGE);
    const present = RAW_TABLES.filter((table) => existsSync(join(dir, table.file)));
    if (present.length === 0) throw new Error(`${dir} holds none of ${RAW_TABLES.map((table) => table.file).join(", ")}`);
    const engine = await DuckDbEngine.open(warehousePath(warehouse));
    try {
        for (const table of present) {
            const started = performance.now();
            const rows = await loadNdjson(engine, dataset!, table, join(dir, table.file), replace === true);
            console.log(
                `${dataset}.${table.name.padEnd(10)} ${rows.toLocaleString("en-US").padStart(12)} rows  ${((performance.now() - started) / 1000).toFixed(2)}s`,
            );
        }
        return 0;
    } finally {
        await engine.close();
    }
}
