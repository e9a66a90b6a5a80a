/**
 * `bench`: how fast and how big the local run is. Generates data (cached
 * under .local/bench), then measures on fresh warehouse files: the full
 * refresh of the whole graph at each size beside the floor (one bare
 * deduplication pass over raw.events), and a one-day incremental run on top
 * of N days of history.
 */
import { compileProject } from "../dataform/compile.ts";
import { benchData } from "../tracking/bench/data.ts";
import { formatFigures, formatRatio, HEADER } from "../tracking/bench/report.ts";
import { fullRefresh, incrementalDay } from "../tracking/bench/scenarios.ts";
import { parseCommandArgs, listOption, UsageError } from "./args.ts";

/** Events per simulated user and day at the generator's default rates (measured: 7 days x 2,000 users gives ~37,000). */
const EVENTS_PER_USER_DAY = 2.64;
const FULL_REFRESH_DAYS = 7;
const SEED = 1;
const START = "2024-01-01";

const USAGE = `usage: npm run bench [-- --sizes 1m,10m] [--history 30,90,180] [--history-users N]
  --sizes          raw events of each full-refresh run (${FULL_REFRESH_DAYS} days; k and m suffixes; default 1m,10m)
  --history        days of history under the one-day incremental run (default 30,90,180)
  --history-users  simulated users of the history data sets (default 3000: about 8,000 events a day)
Generated data is cached under .local/bench/data; warehouses are written to .local/bench/warehouses.`;

function parseSize(text: string): number {
    const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text);
    if (!match) throw new UsageError(`--sizes: ${JSON.stringify(text)} is not a size such as 500k or 10m\n${USAGE}`);
    const factor = { "": 1, k: 1e3, m: 1e6 }[match[2].toLowerCase() as "" | "k" | "m"];
    return Math.round(Number(match[1]) * factor);
}

function parseDays(text: string): number {
    if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 365)
        throw new UsageError(`--history: ${JSON.stringify(text)} is not a number of days (1-365)\n${USAGE}`);
    return Number(text);
}

function addDays(date: string, days: number): string {
    return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export async function main(argv: string[]): Promise<number> {
    const args = parseCommandArgs(argv, USAGE, {
        sizes: { type: "string" },
        history: { type: "string" },
        "history-users": { type: "string" },
    });
    if (!args) return 0;
    const sizes = listOption(args.values.sizes ?? "1m,10m").map(parseSize);
    const histories = listOption(args.values.history ?? "30,90,180").map(parseDays);
    const historyUsers = args.values["history-users"] ? parseSize(args.values["history-users"]) : 3000;
    const log = (line: string) => console.log(line);

    log("compiling the project");
    const graph = await compileProject(".", {});
    let largestFullRefresh: number | undefined;

    log(`\nFull refresh (${FULL_REFRESH_DAYS} days; floor = one dedup pass over raw.events, measured in the same warehouse)`);
    for (const size of sizes) {
        const users = Math.max(1, Math.round(size / (FULL_REFRESH_DAYS * EVENTS_PER_USER_DAY)));
        const data = await benchData({ days: FULL_REFRESH_DAYS, users, seed: SEED, start: START }, log);
        const figures = await fullRefresh(`full-${data.events}`, data.dir, graph);
        log(HEADER);
        log(formatFigures(`full refresh ${users.toLocaleString("en-US")} users`, figures.pipeline));
        log(formatFigures("floor: dedup pass over raw", figures.floor));
        log(formatRatio("pipeline / floor", figures.pipeline.seconds / figures.floor.seconds));
        largestFullRefresh = figures.pipeline.seconds;
    }

    log(
        `\nOne-day incremental on top of N days of history (${historyUsers.toLocaleString("en-US")} users over the whole period; lookback 3 days)`,
    );
    for (const days of histories) {
        const data = await benchData({ days: days + 1, users: historyUsers, seed: SEED, start: START }, log);
        const cutoff = `${addDays(START, days)} 00:00:00+00`;
        const figures = await incrementalDay(`history-${days}`, data.dir, cutoff, graph);
        log(HEADER);
        log(formatFigures(`full refresh of ${days} days`, figures.history));
        log(formatFigures(`incremental, day ${days + 1}`, figures.incremental));
        log(formatRatio("incremental / full refresh of the history", figures.incremental.seconds / figures.history.seconds));
        if (largestFullRefresh !== undefined) {
            log(formatRatio("incremental / largest full refresh above", figures.incremental.seconds / largestFullRefresh));
        }
    }
    return 0;
}
