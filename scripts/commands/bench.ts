/**
 * `bench`: how fast and how big the local run is. Generates data (cached
 * under .local/bench), then measures on fresh warehouse files: the full
 * refresh of the whole graph at each size beside the floor (one bare
 * deduplication pass over raw.events), and a one-day incremental run on top
 * of N days of history.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { compileProject } from "../dataform/compile.ts";
import { benchData } from "../tracking/bench/data.ts";
import type { RunFigures } from "../tracking/bench/scenarios.ts";
import { formatFigures, formatRatio, formatRatios, HEADER, type Ratios } from "./bench-report.ts";
import { streamOutput } from "./output.ts";
import { formatProfile } from "./progress.ts";
import { EXIT, list, wholeNumber } from "./options.ts";

/** Events per simulated user and day at the generator's default rates (measured: 7 days x 2,000 users gives ~37,000). */
const EVENTS_PER_USER_DAY = 2.64;
const FULL_REFRESH_DAYS = 7;
const SEED = 1;
const START = "2024-01-01";

function parseSize(text: string): number {
    const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text);
    if (!match) throw new InvalidArgumentError(`${JSON.stringify(text)} is not a size such as 500k or 10m.`);
    const factor = { "": 1, k: 1e3, m: 1e6 }[match[2].toLowerCase() as "" | "k" | "m"];
    return Math.round(Number(match[1]) * factor);
}

const parseDays = wholeNumber(1, 365);

function addDays(date: string, days: number): string {
    return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function register(program: Command, done: (code: number) => void): void {
    program
        .command("bench")
        .summary("measure full refreshes and incremental runs")
        .description(
            "Measure the local run: full refreshes beside the floor (one dedup pass over raw), one-day incremental runs on top of N days of history.",
        )
        .addOption(
            new Option("--sizes <sizes>", `raw events of each full-refresh run (${FULL_REFRESH_DAYS} days; k and m suffixes)`)
                .argParser((text) => list(text).map(parseSize))
                .default([1e6, 1e7], "1m,10m"),
        )
        .addOption(
            new Option("--history <days>", "days of history under each one-day incremental run")
                .argParser((text) => list(text).map(parseDays))
                .default([30, 90, 180], "30,90,180"),
        )
        .addOption(
            new Option("--history-users <n>", "simulated users of the history data sets (3000: about 8,000 events a day)")
                .argParser(parseSize)
                .default(3000),
        )
        .option(
            "--profile",
            "print each action's seconds, rows written, and rows and bytes read for the largest full refresh and the longest-history incremental",
        )
        .addHelpText(
            "after",
            "\nEvery run is profiled by DuckDB (rows read per table; the bytes BigQuery would bill for them, estimated). The last line compares runs:\n" +
                "  ratios: floor=<pipeline/floor, largest size> incremental=<longest-history incremental / its history's full refresh>\n" +
                "          flat=<longest-history incremental / shortest-history incremental> read=<rows read by that incremental / by its full refresh>\n" +
                "          bytes=<the same for the bytes read>\n" +
                "\nGenerated data is cached under .local/bench/data; warehouses are written to .local/bench/warehouses.\n\nExample:\n  npm run bench -- --sizes 500k --history 30 --profile",
        )
        .action(async (values: BenchValues) => {
            done(await bench(values));
        });
}

interface BenchValues {
    sizes: number[];
    history: number[];
    historyUsers: number;
    profile?: boolean;
}

async function bench({ sizes, history: histories, historyUsers, profile }: BenchValues): Promise<number> {
    // Loaded here: the scenarios load DuckDB, which --help need not wait for.
    const { fullRefresh, incrementalDay } = await import("../tracking/bench/scenarios.ts");
    const log = (line: string) => console.log(line);

    log("compiling the project");
    const graph = await compileProject(".", {});
    const ratios: Ratios = {};
    const printProfile = (label: string, run: RunFigures) => {
        if (!profile) return;
        log(`\nProfile of the ${label}`);
        log(formatProfile(run.actions, streamOutput(process.stdout)));
    };
    let largestRun: RunFigures | undefined;

    log(`\nFull refresh (${FULL_REFRESH_DAYS} days; floor = one dedup pass over raw.events, measured in the same warehouse)`);
    for (const size of sizes) {
        const users = Math.max(1, Math.round(size / (FULL_REFRESH_DAYS * EVENTS_PER_USER_DAY)));
        const data = await benchData({ days: FULL_REFRESH_DAYS, users, seed: SEED, start: START }, log);
        const figures = await fullRefresh(`full-${data.events}`, data.dir, graph);
        log(HEADER);
        log(formatFigures(`full refresh ${users.toLocaleString("en-US")} users`, figures.pipeline));
        log(formatFigures("floor: dedup pass over raw", figures.floor));
        log(formatRatio("pipeline / floor", figures.pipeline.seconds / figures.floor.seconds));
        ratios.floor = figures.pipeline.seconds / figures.floor.seconds;
        largestRun = figures.pipeline;
    }
    if (largestRun) printProfile(`largest full refresh (${largestRun.events.toLocaleString("en-US")} events)`, largestRun);

    log(
        `\nOne-day incremental on top of N days of history (${historyUsers.toLocaleString("en-US")} users over the whole period; lookback 3 days)`,
    );
    const incrementals: { days: number; history: RunFigures; incremental: RunFigures }[] = [];
    for (const days of histories) {
        const data = await benchData({ days: days + 1, users: historyUsers, seed: SEED, start: START }, log);
        const cutoff = `${addDays(START, days)} 00:00:00+00`;
        const figures = await incrementalDay(`history-${days}`, data.dir, cutoff, graph);
        log(HEADER);
        log(formatFigures(`full refresh of ${days} days`, figures.history));
        log(formatFigures(`incremental, day ${days + 1}`, figures.incremental));
        log(formatRatio("incremental / full refresh of the history", figures.incremental.seconds / figures.history.seconds));
        log(formatRatio("rows read: incremental / full refresh", figures.incremental.rowsRead / figures.history.rowsRead));
        log(formatRatio("bytes read: incremental / full refresh", figures.incremental.bytesRead / figures.history.bytesRead));
        if (largestRun) log(formatRatio("incremental / largest full refresh above", figures.incremental.seconds / largestRun.seconds));
        incrementals.push({ days, ...figures });
    }
    incrementals.sort((a, b) => a.days - b.days);
    const [shortest, longest] = [incrementals.at(0), incrementals.at(-1)];
    if (shortest && longest) {
        printProfile(`incremental run on ${longest.days} days of history`, longest.incremental);
        ratios.incremental = longest.incremental.seconds / longest.history.seconds;
        ratios.read = longest.incremental.rowsRead / longest.history.rowsRead;
        ratios.bytes = longest.incremental.bytesRead / longest.history.bytesRead;
        if (incrementals.length > 1) ratios.flat = longest.incremental.seconds / shortest.incremental.seconds;
    }
    log(`\n${formatRatios(ratios)}`);
    return EXIT.ok;
}
