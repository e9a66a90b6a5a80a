/** `generate`: synthetic raw tracking data with its ground truth (scripts/tracking/generator). */
import { Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_OPTIONS, isIsoDate, LIMITS, parseRates, validateOptions, type GeneratorOptions } from "../tracking/generator/config.ts";
import { generate, lastDay, type Progress } from "../tracking/generator/run.ts";
import { EXIT, UsageError, wholeNumber } from "./options.ts";
import { formatCount, formatRate, formatSeconds, streamOutput } from "./output.ts";

interface GenerateValues {
    out: string;
    days: number;
    users: number;
    seed: number;
    start: string;
    rates?: string;
}

export function register(program: Command, done: (code: number) => void): void {
    program
        .command("generate")
        .summary("synthetic tracking traffic with known answers (truth.json)")
        .description(
            "Write synthetic tracking traffic with known answers: events, orders, ad_spend, fx_rates, products (NDJSON) and truth.json.",
        )
        .requiredOption("--out <dir>", "the folder to write (created when missing)")
        .addOption(new Option("--days <n>", "simulated days").argParser(wholeNumber(1, LIMITS.maxDays)).default(DEFAULT_OPTIONS.days))
        .addOption(
            new Option("--users <n>", "human users; bots come on top")
                .argParser(wholeNumber(1, LIMITS.maxUsers))
                .default(DEFAULT_OPTIONS.users),
        )
        .addOption(
            new Option("--seed <n>", "random seed: the same arguments give the same bytes")
                .argParser(wholeNumber(0, 0xffffffff))
                .default(DEFAULT_OPTIONS.seed),
        )
        .addOption(new Option("--start <date>", "first simulated day, UTC (YYYY-MM-DD)").argParser(date).default(DEFAULT_OPTIONS.start))
        .option(
            "--rates <name=value,...>",
            "override defect rates, e.g. replay=0.05,botShare=0 (names in scripts/tracking/generator/config.ts)",
        )
        .addHelpText("after", "\nExample:\n  npm run local -- generate --out .local/data --days 3 --users 200 --seed 7")
        .action(async (values: GenerateValues) => {
            done(await generateFiles(values));
        });
}

function date(text: string): string {
    if (!isIsoDate(text)) throw new InvalidArgumentError("expected a date as YYYY-MM-DD.");
    return text;
}

async function generateFiles(values: GenerateValues): Promise<number> {
    let options: GeneratorOptions;
    try {
        options = { ...values, rates: parseRates(values.rates) };
    } catch (error) {
        throw new UsageError((error as Error).message);
    }
    const problems = validateOptions(options);
    if (problems.length > 0) throw new UsageError(problems.join("\n"));

    // Progress goes to stderr, the closing summary to stdout.
    const out = streamOutput(process.stderr);
    out.line(
        `generate: ${formatCount(options.users)} users, ${options.days} days from ${options.start} to ${lastDay(options)}, seed ${options.seed} -> ${options.out}`,
    );
    let lastReport = 0;
    const report = (progress: Progress) => {
        const line = `generate: ${String(Math.floor((100 * progress.people) / progress.totalPeople)).padStart(3)}%  ${formatCount(progress.people)}/${formatCount(progress.totalPeople)} people  ${formatCount(progress.events)} events  ${formatRate(progress.events, progress.elapsedMs / 1000, "events")}`;
        out.status(line);
        if (out.live || progress.elapsedMs - lastReport < 5000) return;
        lastReport = progress.elapsedMs;
        out.line(line);
    };
    const result = await generate(options, report);
    const seconds = result.elapsedMs / 1000;
    out.line(
        `generate: ${formatCount(result.events)} events, ${formatCount(result.orders)} orders in ${formatSeconds(seconds)} (${formatRate(result.events, seconds, "events")})`,
    );
    const { truth } = result;
    console.log(
        `wrote ${options.out}: ${truth.raw_events} events (${truth.kept_events} kept, ${truth.quarantined_events} quarantined, ` +
            `${truth.duplicates_removed.total} duplicates, ${truth.consent_dropped} consent-dropped, ${truth.bots} bots), ` +
            `${truth.sessions_count} sessions, ${truth.fct_orders_count} orders in events (${truth.fct_orders_revenue_reporting_rounded} USD), ` +
            `${truth.backend_orders_count} backend orders`,
    );
    return EXIT.ok;
}
