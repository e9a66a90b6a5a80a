import { join, resolve } from "node:path";
import { RAW_TABLES } from "../contract/raw-tables.ts";
import { DuckDbEngine, warehousePath } from "../engines/duckdb/engine.ts";
import { loadNdjson } from "../engines/duckdb/load.ts";
import { runProject } from "../executor/run-project.ts";
import { DEFAULT_OPTIONS, DEFAULT_RATES } from "../generator/config.ts";
import { generate } from "../generator/run.ts";
import { parseCommandArgs } from "./args.ts";
import { formatResult, formatRows, formatSummary } from "./progress.ts";

const USAGE = `usage: npm run demo [-- --warehouse FILE]
Generates ${DEFAULT_OPTIONS.days} days of traffic for ${DEFAULT_OPTIONS.users} users into .local/demo, loads it into the
local warehouse, runs this repository's whole graph on it and prints a summary of the marts.`;

/** The summary: each a title and BigQuery SQL over the marts. */
const SUMMARY: [string, string][] = [
    [
        "Orders (from purchase events, reporting currency)",
        `select count(*) as orders, round(sum(revenue_reporting), 2) as revenue, count(distinct user_key) as customers from marts.fct_orders`,
    ],
    [
        "Top channels",
        `select channel, sum(sessions) as sessions, sum(orders) as orders, round(sum(revenue), 2) as revenue,
            round(safe_divide(sum(orders), sum(sessions)), 4) as conversion_rate
     from marts.mart_daily_conversions group by channel order by revenue desc, sessions desc limit 6`,
    ],
    [
        "Funnel (all days)",
        `select step_index, step_name, sum(sessions) as sessions from marts.mart_funnel_daily
     group by step_index, step_name order by step_index`,
    ],
    [
        "Reconciliation with the order database",
        `select sum(backend_orders) as backend_orders, sum(event_orders) as event_orders, sum(matched_orders) as matched,
            sum(missing_in_events) as missing_in_events, sum(missing_in_backend) as missing_in_backend,
            round(safe_divide(sum(matched_orders), sum(backend_orders)), 4) as match_rate, round(sum(revenue_delta), 2) as revenue_delta
     from marts.mart_reconciliation_daily`,
    ],
    [
        "Where the raw events went",
        `select sum(raw_events) as raw, sum(kept_events) as kept, sum(quarantined_events) as quarantined,
            sum(duplicate_events) as duplicates, sum(consent_dropped_events) as consent_dropped, sum(bot_events) as bots
     from marts.mart_data_quality_daily`,
    ],
    ["Quarantine by reason", `select reason, count(*) as events from staging.events_quarantine group by reason order by events desc`],
];

export async function main(argv: string[]): Promise<number> {
    const args = parseCommandArgs(argv, USAGE, { warehouse: { type: "string" } });
    if (!args) return 0;
    const started = performance.now();
    const dir = resolve(".local", "demo");

    console.log(`1/3 generating ${DEFAULT_OPTIONS.days} days x ${DEFAULT_OPTIONS.users} users into ${dir}`);
    const generated = await generate({ ...DEFAULT_OPTIONS, out: dir, rates: DEFAULT_RATES });
    console.log(`    ${generated.events.toLocaleString("en-US")} raw events, ${generated.orders.toLocaleString("en-US")} backend orders`);

    const engine = await DuckDbEngine.open(warehousePath(args.values.warehouse));
    try {
        console.log(`2/3 loading into ${engine.path}`);
        for (const table of RAW_TABLES) await loadNdjson(engine, "raw", table, join(dir, table.file), true);

        console.log("3/3 running the graph (full refresh)");
        const report = await runProject(".", engine, { fullRefresh: true, onActionEnd: (result) => console.log(formatResult(result)) });
        console.log(formatSummary(report.results, (performance.now() - started) / 1000));

        for (const [title, sql] of SUMMARY) {
            console.log(`\n${title}\n${formatRows((await engine.query(sql)).rows, "  ")}`);
        }
        console.log(`\nExplore: npm run local -- query "select * from marts.fct_sessions limit 10"`);
        return report.ok ? 0 : 1;
    } finally {
        await engine.close();
    }
}
