/**
 * The demo: a week of generated traffic, loaded into a warehouse, the whole
 * graph run on it as a full refresh, and a summary of the marts.
 */
import { resolve } from "node:path";
import type { ExecuteOptions } from "../dataform/execute.ts";
import type { RunReport } from "../dataform/run-project.ts";
import type { DuckDbEngine } from "../engines/duckdb/engine.ts";
import type { Engine } from "../engines/engine.ts";
import type { QueryResult } from "../engines/values.ts";
import { DEFAULT_OPTIONS, DEFAULT_RATES } from "./generator/config.ts";
import { generate } from "./generator/run.ts";
import { loadDirectory, type LoadOptions } from "./load-local.ts";

export const DEMO_DIR = resolve(".local", "demo");
export const DEMO_SIZE = { days: DEFAULT_OPTIONS.days, users: DEFAULT_OPTIONS.users };

/** The summary: each a title and BigQuery SQL over the marts. */
export const SUMMARY: [string, string][] = [
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
    [
        "Customers (dim_customers)",
        `select count(*) as people, countif(is_identified) as identified, countif(orders > 0) as customers,
            round(sum(revenue), 2) as revenue, round(safe_divide(cast(sum(revenue) as float64), countif(orders > 0)), 2) as revenue_per_customer,
            countif(orders > 1) as repeat_customers
     from marts.dim_customers`,
    ],
    [
        "Cohort retention (first-order month x months since)",
        `select cohort_month, months_since, customers_in_cohort, customers_ordering, orders, round(revenue, 2) as revenue,
            round(retention_rate, 4) as retention_rate, round(cumulative_revenue_per_customer, 2) as cumulative_revenue_per_customer
     from marts.mart_cohort_retention order by cohort_month, months_since limit 6`,
    ],
    [
        "Top products",
        `select product_id, any_value(product_name) as product_name, sum(item_views) as item_views, sum(add_to_carts) as add_to_carts,
            sum(purchases) as purchases, sum(units) as units, round(sum(revenue), 2) as revenue
     from marts.mart_products_daily group by product_id order by revenue desc, product_id limit 5`,
    ],
    [
        "Top pages",
        `select page_path, sum(page_views) as page_views, sum(new_users) as new_users, sum(returning_users) as returning_users,
            sum(landing_sessions) as landing_sessions, sum(exits) as exits
     from marts.mart_pages_daily group by page_path order by page_views desc, page_path limit 5`,
    ],
    [
        "Campaigns (spend joined to sessions on normalized keys; last-touch conversions)",
        `select source, medium, campaign, sum(impressions) as impressions, sum(clicks) as clicks, round(sum(spend), 2) as spend,
            sum(sessions) as sessions, round(sum(conversions_last_touch), 2) as conversions, round(sum(conversion_value_last_touch), 2) as value,
            round(safe_divide(cast(sum(conversion_value_last_touch) as float64), cast(sum(spend) as float64)), 2) as roas
     from marts.mart_campaigns_daily group by source, medium, campaign order by spend desc, sessions desc limit 6`,
    ],
    [
        "Consent by channel",
        `select channel, sum(events) as events, sum(analytics_denied_events) as analytics_refused, sum(ads_denied_events) as ads_refused,
            round(safe_divide(sum(analytics_denied_events), sum(events)), 4) as analytics_refused_share,
            round(safe_divide(sum(ads_denied_events), sum(events)), 4) as ads_refused_share
     from marts.mart_consent_daily group by channel order by events desc, channel limit 6`,
    ],
];

export interface DemoHooks extends Pick<ExecuteOptions, "onRunStart" | "onActionStart" | "onActionEnd">, Pick<LoadOptions, "onTable"> {
    print: (line: string) => void;
}

/** Generates, loads and runs; returns the run's report. */
export async function runDemo(engine: DuckDbEngine, hooks: DemoHooks): Promise<RunReport> {
    const { print, onTable, ...progress } = hooks;
    print(`1/3 generating ${DEFAULT_OPTIONS.days} days x ${DEFAULT_OPTIONS.users} users into ${DEMO_DIR}`);
    const generated = await generate({ ...DEFAULT_OPTIONS, out: DEMO_DIR, rates: DEFAULT_RATES });
    print(`    ${generated.events.toLocaleString("en-US")} raw events, ${generated.orders.toLocaleString("en-US")} backend orders`);
    print(`2/3 loading`);
    await loadDirectory(engine, DEMO_DIR, { replace: true, onTable });
    print("3/3 running the graph (full refresh)");
    const { runProject } = await import("../dataform/run-project.ts");
    return runProject(".", engine, { fullRefresh: true, ...progress });
}

/** The summary's sections: a title and the rows of its query each. */
export async function demoSummary(engine: Engine): Promise<{ title: string; result: QueryResult }[]> {
    const sections = [];
    for (const [title, sql] of SUMMARY) sections.push({ title, result: await engine.query(sql) });
    return sections;
}
