/**
 * The marts recover what the generator knows (truth.json) exactly: a small
 * generated data set, loaded like `npm run local -- load` and run like
 * `npm run local -- run`. Payloads that are not JSON are left out here (rate 0):
 * malformed-json.test.ts covers them on their own.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import { loadDirectory } from "../../scripts/tracking/load-local.ts";
import type { Row } from "../../scripts/engines/values.ts";
import { isRunProblem } from "../../scripts/dataform/execute.ts";
import { runProject, type RunReport } from "../../scripts/dataform/run-project.ts";
import { DEFAULT_RATES } from "../../scripts/tracking/generator/config.ts";
import { generate } from "../../scripts/tracking/generator/run.ts";
import type { Truth } from "../../scripts/tracking/generator/truth.ts";
import { SUMMARY } from "../../scripts/tracking/demo.ts";
import { requireInclude } from "../includes/load.ts";

const PROJECT_DIR = new URL("../../", import.meta.url).pathname;

let dir: string;
let engine: DuckDbEngine;
let report: RunReport;
let truth: Truth;

const rows = async (sql: string): Promise<Row[]> => (await engine.query(sql)).rows;
const byKey = (list: Row[], key: string, value: string) => Object.fromEntries(list.map((row) => [row[key], Number(row[value])]));

beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "marts-truth-"));
    await generate({ out: dir, days: 3, users: 300, seed: 7, start: "2024-03-01", rates: { ...DEFAULT_RATES, invalidPayload: 0 } });
    truth = JSON.parse(readFileSync(join(dir, "truth.json"), "utf8"));
    engine = await DuckDbEngine.open(":memory:");
    await loadDirectory(engine, dir, { replace: true });
    report = await runProject(PROJECT_DIR, engine, {});
});

afterAll(async () => {
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
});

describe("the marts on generated data equal truth.json", () => {
    it("runs every action of the graph, assertions included", () => {
        expect(report.results.filter(isRunProblem).map((result) => `${result.name}: ${result.error}`)).toEqual([]);
    });

    it("fct_orders: count and revenue in the reporting currency", async () => {
        const [orders] = await rows("select count(*) as orders, sum(revenue_reporting) as revenue from marts.fct_orders");
        expect(orders).toEqual({ orders: String(truth.fct_orders_count), revenue: truth.fct_orders_revenue_reporting });
    });

    it("sessions per date", async () => {
        const sessions = await rows("select session_date, count(*) as sessions from marts.fct_sessions group by session_date");
        expect(byKey(sessions, "session_date", "sessions")).toEqual(truth.sessions_by_date);
    });

    it("every raw row in one place per received date", async () => {
        const days = await rows("select * from marts.mart_data_quality_daily");
        const got = Object.fromEntries(
            days.map((day) => [
                day.date,
                {
                    raw: Number(day.raw_events),
                    kept: Number(day.kept_events),
                    quarantined: Number(day.quarantined_events),
                    duplicates: Number(day.duplicate_events),
                    consent_dropped: Number(day.consent_dropped_events),
                    bots: Number(day.bot_events),
                    late: Number(day.late_events),
                },
            ]),
        );
        expect(got).toEqual(truth.by_received_date);
    });

    it("quarantine by reason", async () => {
        const reasons = byKey(await rows("select reason, count(*) as n from staging.events_quarantine group by reason"), "reason", "n");
        const expected = Object.fromEntries(Object.entries(truth.quarantine_by_reason).filter(([, n]) => n > 0));
        expect(reasons).toEqual(expected);
    });

    it("identity map", async () => {
        const map = await rows("select anonymous_id, user_id from intermediate.int_identity_map");
        expect(Object.fromEntries(map.map((row) => [row.anonymous_id, row.user_id]))).toEqual(truth.identity);
    });

    it("kept events by name", async () => {
        expect(byKey(await rows("select event_name, count(*) as n from marts.fct_events group by event_name"), "event_name", "n")).toEqual(
            truth.kept_by_event_name,
        );
    });

    it("reconciliation", async () => {
        const [totals] = await rows(
            "select sum(backend_orders) as backend, sum(matched_orders) as matched, sum(missing_in_events) as missing_in_events, sum(missing_in_backend) as missing_in_backend from marts.mart_reconciliation_daily",
        );
        expect(totals).toEqual({
            backend: String(truth.backend_orders_count),
            matched: String(truth.reconciliation.matched),
            missing_in_events: String(truth.reconciliation.missing_in_events),
            missing_in_backend: String(truth.reconciliation.missing_in_backend),
        });
    });
});

describe("the customer, product, page and consent marts on generated data equal truth.json", () => {
    const record = (list: Row[], key: string, value: (row: Row) => unknown) =>
        Object.fromEntries(list.map((row) => [row[key], value(row)]));

    it("dim_customers: one row per person, first seen dates, buyers, first-order months and the data horizon", async () => {
        const [totals] = await rows(
            "select count(*) as people, countif(orders > 0) as with_orders, sum(orders) as orders, sum(revenue) as revenue, format_timestamp('%Y-%m-%dT%H:%M:%E3SZ', max(data_as_of)) as data_as_of from marts.dim_customers",
        );
        expect(totals).toEqual({
            people: String(truth.customers.count),
            with_orders: String(truth.customers.with_orders),
            orders: String(truth.fct_orders_count),
            revenue: truth.fct_orders_revenue_reporting,
            data_as_of: truth.customers.data_as_of,
        });
        const firstSeen = await rows("select first_seen_date, count(*) as n from marts.dim_customers group by first_seen_date");
        expect(byKey(firstSeen, "first_seen_date", "n")).toEqual(truth.customers.by_first_seen_date);
    });

    it("dim_customers: lifetime value windows are NULL until the data reaches them, as truth says", async () => {
        const [ltv] = await rows(
            "select sum(ltv_30d) as ltv_30d, sum(ltv_90d) as ltv_90d, sum(ltv_365d) as ltv_365d from marts.dim_customers",
        );
        expect(ltv).toEqual({ ltv_30d: truth.customers.ltv_30d, ltv_90d: truth.customers.ltv_90d, ltv_365d: truth.customers.ltv_365d });
    });

    it("mart_cohort_retention: cohort sizes by first-order month, every order in its cohort", async () => {
        const cohorts = await rows("select cohort_month, customers_in_cohort from marts.mart_cohort_retention where months_since = 0");
        expect(byKey(cohorts, "cohort_month", "customers_in_cohort")).toEqual(truth.customers.by_first_order_month);
        const [totals] = await rows("select sum(orders) as orders, sum(revenue) as revenue from marts.mart_cohort_retention");
        expect(totals).toEqual({ orders: String(truth.fct_orders_count), revenue: truth.fct_orders_revenue_reporting });
    });

    it("mart_products_daily: views, add-to-carts, orders, units and item revenue per product", async () => {
        const products = await rows(
            "select product_id, sum(item_views) as item_views, sum(add_to_carts) as add_to_carts, sum(purchases) as purchases, sum(units) as units, sum(revenue) as revenue from marts.mart_products_daily group by product_id",
        );
        const got = record(products, "product_id", (row) => ({
            item_views: Number(row.item_views),
            add_to_carts: Number(row.add_to_carts),
            purchases: Number(row.purchases),
            units: Number(row.units),
            revenue: row.revenue,
        }));
        expect(got).toEqual(truth.products);
    });

    it("mart_pages_daily: page views per path", async () => {
        const pages = await rows(
            "select page_path, sum(page_views) as n from marts.mart_pages_daily group by page_path having sum(page_views) > 0",
        );
        expect(byKey(pages, "page_path", "n")).toEqual(truth.page_views_by_path);
    });

    it("mart_consent_daily: refused events, kept events, and events without ads consent", async () => {
        const [totals] = await rows(
            "select sum(analytics_denied_events) as denied, sum(analytics_granted_events) as granted, sum(ads_denied_events) as ads_denied from marts.mart_consent_daily",
        );
        expect(totals).toEqual({
            denied: String(truth.consent.analytics_denied),
            granted: String(truth.kept_events),
            ads_denied: String(truth.consent.ads_denied),
        });
    });
});

describe("the demo's summary", () => {
    it.each(SUMMARY)("%s: the query runs on the marts and returns rows", async (_title, sql) => {
        expect((await rows(sql)).length).toBeGreaterThan(0);
    });
});

describe("mart_campaigns_daily on generated data equals truth.json", () => {
    it("impressions, clicks and spend in the reporting currency", async () => {
        const [totals] = await rows(
            "select sum(impressions) as impressions, sum(clicks) as clicks, sum(spend) as spend from marts.mart_campaigns_daily",
        );
        expect(totals).toEqual({
            impressions: String(truth.ad_spend.impressions),
            clicks: String(truth.ad_spend.clicks),
            spend: truth.ad_spend.spend_reporting,
        });
    });

    it("every order's credits, under every model, land on some campaign row", async () => {
        const models = requireInclude("./attribution.js").MODELS as string[];
        const [sums] = await rows(
            `select ${models.map((model) => `sum(conversions_${model}) as ${model}`).join(", ")} from marts.mart_campaigns_daily`,
        );
        for (const model of models) expect(Number(sums[model]), model).toBeCloseTo(truth.fct_orders_count, 9);
        const [value] = await rows("select sum(conversion_value_last_touch) as revenue from marts.mart_campaigns_daily");
        expect(value.revenue).toBe(truth.fct_orders_revenue_reporting);
    });
});
