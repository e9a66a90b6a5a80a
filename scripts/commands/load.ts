/** `load`: the contract's NDJSON files found in a folder, each into its raw table of the local warehouse. */
import { Command } from "commander";
import { loadDirectory, type TableLoad } from "../tracking/load-local.ts";
import { RAW_TABLES } from "../tracking/raw-tables.ts";
import { EXIT, existingFolder, warehouseOption } from "./options.ts";
import { formatCount, formatRate, formatSeconds, streamOutput, type Output } from "./output.ts";
import { openWarehouse, warehousePath } from "./warehouse.ts";

interface LoadValues {
    dir: string;
    replace?: boolean;
    dataset: string;
    warehouse?: string;
}

export function register(program: Command, done: (code: number) => void): void {
    program
        .command("load")
        .summary("load NDJSON files into the raw tables")
        .description(`Load whichever of ${RAW_TABLES.map((table) => table.file).join(", ")} a folder holds into the raw tables.`)
        .requiredOption("--dir <dir>", "the folder holding the NDJSON files", existingFolder)
        .option("--replace", "replace each table's rows instead of appending")
        .option("--dataset <name>", "the raw dataset", "raw")
        .addOption(warehouseOption())
        .addHelpText(
            "after",
            "\nThe warehouse file is created when missing (its folder must exist, except the default .local/).\n\nExample:\n  npm run local -- load --dir .local/data --replace",
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

async function load(values: LoadValues): Promise<number> {
    const out = streamOutput();
    const engine = await openWarehouse(warehousePath(values.warehouse), "write");
    try {
        out.line(`loading ${values.dir} into ${engine.path}`);
        let timer: NodeJS.Timeout | undefined;
        const loads = await loadDirectory(engine, values.dir, {
            dataset: values.dataset,
            replace: values.replace,
            onTableStart: (table) => {
                const started = performance.now();
                const show = () =>
                    out.status(
                        out.colors.dim(`  ..  ${values.dataset}.${table.name}  ${formatSeconds((performance.now() - started) / 1000)}`),
                    );
                show();
                timer = setInterval(show, 250).unref();
            },
            onTable: (load) => {
                clearInterval(timer);
                out.line(formatTableLoad(load, values.dataset, out));
            },
        }).finally(() => clearInterval(timer));
        const rows = loads.reduce((sum, table) => sum + table.rows, 0);
        const seconds = loads.reduce((sum, table) => sum + table.seconds, 0);
        out.line(
            `loaded ${formatCount(rows)} rows into ${loads.length} tables in ${formatSeconds(seconds)} (${formatRate(rows, seconds)})${values.replace ? ", replacing" : ", appended"}`,
        );
        return EXIT.ok;
    } finally {
        await engine.close();
    }
}
