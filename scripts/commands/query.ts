/** `query`: BigQuery SQL on the local warehouse, opened read-only. */
import { Command, Option } from "commander";
import type { QueryResult } from "../engines/values.ts";
import { EXIT, warehouseOption } from "./options.ts";
import { formatRows } from "./progress.ts";
import { openWarehouse, warehousePath } from "./warehouse.ts";

type Format = "table" | "json" | "csv";

export function register(program: Command, done: (code: number) => void): void {
    program
        .command("query")
        .summary("run BigQuery SQL on the local warehouse")
        .description("Run BigQuery SQL on the local warehouse (read-only); tables are named dataset.table.")
        .argument("<sql>", "one BigQuery query")
        .addOption(
            new Option("--format <format>", "how rows are printed (json: only a JSON array of row objects on stdout)")
                .choices(["table", "json", "csv"])
                .default("table"),
        )
        .addOption(warehouseOption())
        .addHelpText(
            "after",
            `
Examples:
  npm run local -- query "select * from marts.mart_daily_conversions order by date limit 10"
  npm run local -- query "select table_name, row_count from marts.INFORMATION_SCHEMA.TABLES" --format csv`,
        )
        .action(async (sql: string, values: { format: Format; warehouse?: string }) => {
            const engine = await openWarehouse(warehousePath(values.warehouse), "read");
            try {
                process.stdout.write(`${render(await engine.query(sql), values.format)}\n`);
                done(EXIT.ok);
            } finally {
                await engine.close();
            }
        });
}

function render(result: QueryResult, format: Format): string {
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
