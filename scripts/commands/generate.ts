/** `generate`: synthetic raw tracking data with its ground truth (scripts/generator). */
import { DEFAULT_OPTIONS, type GeneratorOptions, parseRates, validateOptions } from "../tracking/generator/config.ts";
import { generate, lastDay, type Progress } from "../tracking/generator/run.ts";
import { parseCommandArgs, UsageError } from "./args.ts";

const USAGE = `usage: npm run local -- generate --out DIR [--days N] [--users N] [--seed S] [--start YYYY-MM-DD] [--rates name=value,...]
Writes events.ndjson, orders.ndjson, ad_spend.ndjson, fx_rates.ndjson, products.ndjson and truth.json to DIR.
  --days    simulated days (default ${DEFAULT_OPTIONS.days})
  --users   human users; bots come on top (default ${DEFAULT_OPTIONS.users})
  --seed    random seed; the same arguments give the same bytes (default ${DEFAULT_OPTIONS.seed})
  --start   first simulated day, UTC (default ${DEFAULT_OPTIONS.start})
  --rates   override defect rates, e.g. replay=0.05,botShare=0 (names in scripts/generator/config.ts)`;

export async function main(argv: string[]): Promise<number> {
    let options: GeneratorOptions;
    try {
        const args = parseCommandArgs(argv, USAGE, {
            out: { type: "string" },
            days: { type: "string" },
            users: { type: "string" },
            seed: { type: "string" },
            start: { type: "string" },
            rates: { type: "string" },
        });
        if (!args) return 0;
        if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(args.positionals[0])}\n${USAGE}`);
        const { out, days, users, seed, start, rates } = args.values;
        options = {
            out: out ?? "",
            days: integer(days, DEFAULT_OPTIONS.days),
            users: integer(users, DEFAULT_OPTIONS.users),
            seed: integer(seed, DEFAULT_OPTIONS.seed),
            start: start ?? DEFAULT_OPTIONS.start,
            rates: parseRates(rates),
        };
        const problems = validateOptions(options);
        if (problems.length > 0) throw new UsageError(`${problems.join("\n")}\n${USAGE}`);
    } catch (error) {
        console.error(`generate: ${(error as Error).message}`);
        return 2;
    }

    console.error(
        `generate: ${options.users.toLocaleString("en-US")} users, ${options.days} days from ${options.start} to ${lastDay(options)}, seed ${options.seed} -> ${options.out}`,
    );
    let lastReport = 0;
    const report = (progress: Progress) => {
        if (progress.elapsedMs - lastReport < 1000 && progress.people < progress.totalPeople) return;
        lastReport = progress.elapsedMs;
        const percent = Math.floor((100 * progress.people) / progress.totalPeople);
        console.error(
            `generate: ${String(percent).padStart(3)}%  ${progress.people.toLocaleString("en-US")}/${progress.totalPeople.toLocaleString("en-US")} people  ` +
                `${progress.events.toLocaleString("en-US")} events  ${rate(progress.events, progress.elapsedMs)} events/s`,
        );
    };
    const result = await generate(options, report);
    const { truth } = result;
    console.error(
        `generate: ${result.events.toLocaleString("en-US")} events, ${result.orders.toLocaleString("en-US")} orders in ${(result.elapsedMs / 1000).toFixed(1)}s (${rate(result.events, result.elapsedMs)} events/s)`,
    );
    console.log(
        `wrote ${options.out}: ${truth.raw_events} events (${truth.kept_events} kept, ${truth.quarantined_events} quarantined, ` +
            `${truth.duplicates_removed.total} duplicates, ${truth.consent_dropped} consent-dropped, ${truth.bots} bots), ` +
            `${truth.sessions_count} sessions, ${truth.fct_orders_count} orders in events (${truth.fct_orders_revenue_reporting_rounded} USD), ` +
            `${truth.backend_orders_count} backend orders`,
    );
    return 0;
}

function integer(text: string | undefined, fallback: number): number {
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text.trim())) throw new UsageError(`not a non-negative integer: ${JSON.stringify(text)}\n${USAGE}`);
    return Number(text);
}

function rate(events: number, elapsedMs: number): string {
    return Math.round(events / Math.max(elapsedMs / 1000, 0.001)).toLocaleString("en-US");
}
