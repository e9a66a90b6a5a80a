/** `ls`: the warehouse's catalog: datasets and tables with rows and columns, or one table's columns. */
import { Command } from "commander";
import type { DuckDbEngine } from "../engines/duckdb/engine.ts";
import { EXIT, jsonOption, UsageError, warehouseOption } from "./options.ts";
import { formatCount, streamOutput } from "./output.ts";
import { formatRows } from "./progress.ts";
import { openWarehouse, warehousePath } from "./warehouse.ts";

interface Listed {
    dataset: string;
    name: string;
    kind: "table" | "view";
    /** null for views: counting one would run its query. */
    rows: number | null;
    columns: { name: string; type: string }[];
}

export function register(program: Command, done: (code: number) => void): void {
    program
        .command("ls")
        .summary("datasets and tables of the warehouse, with rows and columns")
        .description(
            "List the warehouse's datasets and tables with their rows and columns (read-only); with dataset.table, that table's columns.",
        )
        .argument("[name]", "a dataset, or dataset.table for its columns")
        .addOption(warehouseOption())
        .addOption(jsonOption())
        .addHelpText("after", "\nExamples:\n  npm run local -- ls\n  npm run local -- ls marts\n  npm run local -- ls marts.fct_orders")
        .action(async (name: string | undefined, values: { warehouse?: string; json?: boolean }) => {
            const engine = await openWarehouse(warehousePath(values.warehouse), "read");
            try {
                done(await list(engine, name, values.json === true));
            } finally {
                await engine.close();
            }
        });
}

async function list(engine: DuckDbEngine, name: string | undefined, json: boolean): Promise<number> {
    const [dataset, table] = name?.split(".").slice(-2) ?? [];
    const relations = (await engine.relations()).filter(
        ({ target }) =>
            !target.name.startsWith("__dataform_") &&
            (!name || (table ? target.schema === dataset && target.name === table : target.schema === name)),
    );
    if (name && relations.length === 0) throw new UsageError(`${name}: no such ${table ? "table" : "dataset"} in ${engine.path}`);
    const listed: Listed[] = [];
    for (const { target, kind } of relations) {
        const rows =
            kind === "view"
                ? null
                : Number((await engine.query(`select count(*) as n from \`${target.schema}.${target.name}\``)).rows[0].n);
        listed.push({ dataset: target.schema, name: target.name, kind, rows, columns: await engine.columns(target) });
    }
    if (json) {
        process.stdout.write(`${JSON.stringify({ warehouse: engine.path, tables: listed }, null, 2)}\n`);
        return EXIT.ok;
    }
    const out = streamOutput();
    if (table) {
        const [only] = listed;
        out.line(
            `${only.dataset}.${only.name}: ${only.kind}, ${only.rows === null ? "" : `${formatCount(only.rows)} rows, `}${only.columns.length} columns`,
        );
        out.line(
            formatRows(
                only.columns.map((column, index) => ({ "#": String(index + 1), column: column.name, type: column.type })),
                "  ",
            ),
        );
        return EXIT.ok;
    }
    if (listed.length === 0) out.line(`${engine.path} holds no tables yet (npm run local -- load, then run)`);
    for (const name of [...new Set(listed.map((entry) => entry.dataset))]) {
        const entries = listed.filter((entry) => entry.dataset === name);
        out.line(out.colors.bold(`${name}  (${entries.length} ${entries.length === 1 ? "table" : "tables"})`));
        const width = Math.max(...entries.map((entry) => entry.name.length));
        for (const entry of entries) {
            const rows = entry.rows === null ? "" : `${formatCount(entry.rows)} rows`;
            out.line(
                `  ${entry.name.padEnd(width)}  ${out.colors.dim(entry.kind.padEnd(5))}  ${rows.padStart(16)}  ${String(entry.columns.length).padStart(3)} columns`,
            );
        }
    }
    return EXIT.ok;
}
