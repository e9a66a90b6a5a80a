import { DuckDbEngine, warehousePath } from "../engines/duckdb/engine.ts";
import type { QueryResult } from "../engines/values.ts";
import { parseCommandArgs, UsageError } from "./args.ts";
import { formatRows } from "./progress.ts";

const USAGE = `usage: npm run local -- query "SQL" [--format table|json|csv] [--warehouse FILE]
Runs BigQuery SQL on the local warehouse; name tables as dataset.table.`;

export async function main(argv: string[]): Promise<number> {
    const args = parseCommandArgs(argv, USAGE, { format: { type: "string", default: "table" }, warehouse: { type: "string" } });
    if (!args) return 0;
    const [sql] = args.positionals;
    const format = args.values.format;
    if (!sql) throw new UsageError(USAGE);
    if (format !== "table" && format !== "json" && format !== "csv") throw new UsageError(`--format must be table, json or csv`);
    const engine = await DuckDbEngine.open(warehousePath(args.values.warehouse));
    try {
        const result = await engine.query(sql);
        process.stdout.write(render(result, format) + "\n");
        return 0;
    } finally {
        await engine.close();
    }
}

function render(result: QueryResult, format: "table" | "json" | "csv"): string {
    if (format === "json") return JSON.stringify(result.rows);
    if (format === "table") return formatRows(result.rows);
    const cell = (value: unknown) => {
        if (value === null) return "";
        const text = typeof value === "object" ? JSON.stringify(value) : String(value);
        return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    };
    const names = result.columns.map((column) => column.name);
    return [names.map(cell).join(","), ...result.rows.map((row) => names.map((name) => cell(row[name])).join(","))].join("\n");
}
