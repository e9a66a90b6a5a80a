/** `load`: the contract's NDJSON files found in a folder, each into its raw table of the local warehouse. */
import { Command } from "commander";
import { LEDGER_TABLE, loadDirectory, type LoadProgress, type TableLoad } from "../tracking/load-local.ts";
import { RAW_TABLES } from "../tracking/raw-tables.ts";
import { EXIT, existingFolder, warehouseOption, wholeNumber } from "./options.ts";
import { formatCount, formatRate, formatSeconds, streamOutput, type Output } from "./output.ts";
import { openWarehouse, warehousePath } from "./warehouse.ts";

interface LoadValues {
    dir: string;
    replace?: boolean;
    maxBadRecords: number;
    ignoreUnknownValues?: boolean;
    force?: boolean;
    dataset: string;
    warehouse?: string;
}

export function register(program: Command, done: (code: number) => void): void {
    program
        .command("load")
        .summary("load NDJSON files into the raw tables")
        .description(
            `Load whichever of ${RAW_TABLES.map((table) => table.file).join(", ")} a folder holds into the raw tables, as BigQuery load jobs would: ` +
                "every line checked against the raw contract, and the whole folder loaded or nothing.",
        )
        .requiredOption("--dir <dir>", "the folder holding the NDJSON files", existingFolder)
        .option("--replace", "replace each table's rows instead of appending (WRITE_TRUNCATE), once every file has loaded")
        .option(
            "--max-bad-records <n>",
            "bad lines a file may hold and still load without them, as bq load --max_bad_records",
            wholeNumber(0),
            0,
        )
        .option("--ignore-unknown-values", "drop fields the raw table does not have instead of refusing the line")
        .option("--force", `append a file the load ledger (<dataset>.${LEDGER_TABLE}) says was loaded already`)
        .option("--dataset <name>", "the raw dataset", "raw")
        .addOption(warehouseOption())
        .addHelpText(
            "after",
            "\nThe warehouse file is created when missing (its folder must exist, except the default .local/).\n" +
                "A load that fails changes nothing: a bad line names its file, line and field.\n\n" +
                "Example:\n  npm run local -- load --dir .local/data --replace",
        )
        .action(async (values: LoadValues) => {
            done(await load(values));
        });
}

/** "  OK  raw.events   36,269 rows    0.40 s  90,672 rows/s" */
export function formatTableLoad({ table, rows, seconds }: TableLoad, dataset: string, out: Output): string {
    const name = `${dataset}.${table.name}`.padEnd(16);
    return `  ${out.colors.green("OK")}  ${name} ${`${formatCount(rows)} rows`.padStart(16)}  ${formatSeconds(seconds).padStart(8)}  ${formatRate(rows, seconds)}`;
}

/** "  ..  raw.events  reading  1,234,567 rows  3.1 s  398,247 rows/s" on the status line. */
function formatProgress({ table, phase, rows, seconds }: LoadProgress, dataset: string): string {
    return `  ..  ${dataset}.${table.name}  ${phase}  ${formatCount(rows)} rows  ${formatSeconds(seconds)}  ${formatRate(rows, seconds)}`;
}

async function load(values: LoadValues): Promise<number> {
    const { describe } = await import("../engines/duckdb/load-ndjson.ts");
    const out = streamOutput();
    const engine = await openWarehouse(warehousePath(values.warehouse), "write");
    try {
        out.line(`loading ${values.dir} into ${engine.path}`);
        const loads = await loadDirectory(engine, values.dir, {
            dataset: values.dataset,
            replace: values.replace,
            maxBadRecords: values.maxBadRecords,
            ignoreUnknownValues: values.ignoreUnknownValues,
            force: values.force,
            onProgress: (progress) => out.status(out.colors.dim(formatProgress(progress, values.dataset))),
            onTable: (load) => {
                out.line(formatTableLoad(load, values.dataset, out));
                for (const record of load.skipped) out.line(out.colors.yellow(`      skipped ${describe(record)}`));
            },
        });
        const rows = loads.reduce((sum, table) => sum + table.rows, 0);
        const seconds = loads.reduce((sum, table) => sum + table.seconds, 0);
        out.line(
            `loaded ${formatCount(rows)} rows into ${loads.length} tables in ${formatSeconds(seconds)} (${formatRate(rows, seconds)})${values.replace ? ", replacing" : ", appended"}`,
        );
        return EXIT.ok;
    } finally {
        out.status("");
        await engine.close();
    }
}
