/**
 * Generates one data set: the five raw NDJSON files of docs/data-contract.md, Inputs and
 * truth.json. People are simulated one at a time and their rows streamed to
 * disk, so memory holds one person's traffic plus the truth's counters and
 * identity map, whatever the number of events. Same options, same bytes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { adSpendRows, buildProducts, formatMinor, FxTable, fxRange } from "./world.ts";
import { type GeneratorOptions, validateOptions } from "./config.ts";
import { applyDefects } from "./defects.ts";
import { simulatePerson, type World } from "./simulate.ts";
import { type Truth, TruthBuilder } from "./truth.ts";
import { type SettingsTruth, SettingsTruthBuilder } from "./truth-settings.ts";
import { addDays, dayStartMs, DAY_MS } from "./time.ts";
import { eventLine, NdjsonWriter, orderLine, writeTable } from "./write.ts";

export const OUTPUT_FILES = [
    "events.ndjson",
    "orders.ndjson",
    "ad_spend.ndjson",
    "fx_rates.ndjson",
    "products.ndjson",
    "truth.json",
] as const;

export interface Progress {
    people: number;
    totalPeople: number;
    events: number;
    orders: number;
    elapsedMs: number;
}

export interface GenerateResult {
    truth: Truth & { marts: SettingsTruth };
    events: number;
    orders: number;
    elapsedMs: number;
}

export async function generate(options: GeneratorOptions, onProgress?: (progress: Progress) => void): Promise<GenerateResult> {
    const problems = validateOptions(options);
    if (problems.length > 0) throw new Error(problems.join("; "));
    const began = performance.now();
    mkdirSync(options.out, { recursive: true });
    const file = (name: string) => join(options.out, name);

    const products = buildProducts(options.seed);
    const range = fxRange(options.start, options.days);
    const fx = new FxTable(options.seed, range.from, range.to, options.start);
    await writeTable(
        file("products.ndjson"),
        products.map((item) => ({
            product_id: item.productId,
            name: item.name,
            category: item.category,
            price: formatMinor(item.priceCents, 2),
            unit_cost: formatMinor(item.unitCostCents, 2),
        })),
    );
    await writeTable(file("fx_rates.ndjson"), fx.rows());
    await writeTable(file("ad_spend.ndjson"), adSpendRows(options.seed, options.start, options.days));

    const bots = Math.round(options.users * options.rates.botShare);
    const totalPeople = options.users + bots;
    const world: World = {
        startMs: dayStartMs(options.start),
        endMs: dayStartMs(options.start) + options.days * DAY_MS,
        products,
        rates: options.rates,
    };
    const truth = new TruthBuilder(options, bots, fx);
    const martTruth = new SettingsTruthBuilder(options.reporting, fx);
    const events = new NdjsonWriter(file("events.ndjson"));
    const orders = new NdjsonWriter(file("orders.ndjson"));
    try {
        for (let index = 0; index < totalPeople; index++) {
            const traffic = simulatePerson(index, index >= options.users, options.seed, world);
            const rows = applyDefects(traffic.person, traffic.rows, options.seed, options.rates, traffic.ids);
            truth.addPerson(rows, traffic.orders);
            martTruth.addPerson(rows);
            for (const row of rows) events.write(eventLine(row));
            for (const order of traffic.orders) if (order.inBackend) orders.write(orderLine(order));
            await events.flushIfFull();
            await orders.flushIfFull();
            if (onProgress && (index % 500 === 499 || index === totalPeople - 1)) {
                onProgress({
                    people: index + 1,
                    totalPeople,
                    events: events.lines,
                    orders: orders.lines,
                    elapsedMs: performance.now() - began,
                });
            }
        }
    } finally {
        await events.close();
        await orders.close();
    }
    const result = { ...truth.finish(), marts: martTruth.finish() };
    writeFileSync(file("truth.json"), `${JSON.stringify(result, null, 2)}\n`);
    return { truth: result, events: events.lines, orders: orders.lines, elapsedMs: performance.now() - began };
}

/** The last simulated day, for messages. */
export function lastDay(options: Pick<GeneratorOptions, "start" | "days">): string {
    return addDays(options.start, options.days - 1);
}
