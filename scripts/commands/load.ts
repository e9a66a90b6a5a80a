import { DuckDbEngine, warehousePath } from "../engines/duckdb/engine.ts";
import { loadDirectory } from "../tracking/load-local.ts";
import { RAW_TABLES } from "../tracking/raw-tables.ts";
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
    const engine = await DuckDbEngine.open(warehousePath(warehouse));
    try {
        await loadDirectory(engine, dir, {
            dataset,
            replace,
            onTable: ({ table, rows, seconds }) =>
                console.log(
                    `${dataset}.${table.name.padEnd(10)} ${rows.toLocaleString("en-US").padStart(12)} rows  ${seconds.toFixed(2)}s`,
                ),
        });
        return 0;
    } finally {
        await engine.close();
    }
}
