/**
 * The marts against truth.json: every number the generator knows that a table of this repository
 * shows, read back from the warehouse after a run and compared exactly. Used by the truth tests
 * (tests/models/generator-truth.test.ts, several seeds and sizes) and by `npm run local -- truth`
 * (one larger data set).
 *
 * Not compared, as no table shows them: the input statistics (timestamp_formats, schema_version_1_rows,
 * aliased_name_rows, consent_null_rows, privacy: tests/generator counts them back from the files),
 * fct_orders_fx_fallback (which orders took an earlier day's rate is not kept) and parameters.
 */
import type { Engine } from "../engines/engine.ts";
import type { Row } from "../engines/values.ts";
import type { Truth } from "./generator/truth.ts";

export interface TruthMismatch {
    key: string;
    expected: unknown;
    actual: unknown;
}

/** Each truth.json key compared, with the BigQuery SQL that reads it from the warehouse and how a row becomes the value. */
const CHECKS: { key: string; sql: string; value: (rows: Row[]) => unknown; expected?: (truth: Truth) => unknown }[] = [
    {
        key: "fct_orders_count",
        sql: "select count(*) as n from marts.fct_orders",
        value: (rows) => Number(rows[0]!.n),
    },
    {
        key: "fct_orders_revenue_reporting",
        sql: "select coalesce(sum(revenue_reporting), 0) as revenue from marts.fct_orders",
        value: (rows) => rows[0]!.revenue,
    },
    {
        key: "fct_orders_revenue_reporting_rounded",
        sql: "select coalesce(sum(round(revenue_reporting, 2)), 0) as revenue from marts.fct_orders",
        value: (rows) => rows[0]!.revenue,
    },
    {
        key: "fct_orders_by_date",
        sql: "select cast(order_date as string) as date, count(*) as n, sum(revenue_reporting) as revenue from marts.fct_orders group by order_date",
        value: (rows) => sortedRecord(rows.map((row) => [String(row.date), { count: Number(row.n), revenue_reporting: row.revenue }])),
    },
    {
        key: "backend_orders_count",
        sql: "select coalesce(sum(backend_orders), 0) as n from marts.mart_reconciliation_daily",
        value: (rows) => Number(rows[0]!.n),
    },
    {
        key: "backend_orders_by_status",
        sql: "select status, count(*) as n from staging.stg_orders group by status",
        value: (rows) => ({
            completed: 0,
            refunded: 0,
            cancelled: 0,
            ...Object.fromEntries(rows.map((row) => [row.status, Number(row.n)])),
        }),
    },
    {
        key: "sessions_count",
        sql: "select count(*) as n from marts.fct_sessions",
        value: (rows) => Number(rows[0]!.n),
    },
    {
        key: "sessions_by_date",
        sql: "select cast(session_date as string) as date, count(*) as n from marts.fct_sessions group by session_date",
        value: (rows) => sortedRecord(rows.map((row) => [String(row.date), Number(row.n)])),
    },
    {
        key: "user_keys_count",
        sql: "select count(distinct user_key) as n from marts.fct_events",
        value: (rows) => Number(rows[0]!.n),
    },
    {
        key: "kept_by_event_name",
        sql: "select event_name, count(*) as n from marts.fct_events group by event_name",
        value: (rows) => sortedRecord(rows.map((row) => [String(row.event_name), Number(row.n)])),
    },
    {
        key: "late_events_over_one_day",
        sql: "select countif(latency_seconds > 86400) as n from marts.fct_events",
        value: (rows) => Number(rows[0]!.n),
    },
    {
        key: "identity",
        sql: "select anonymous_id, user_id from intermediate.int_identity_map",
        value: (rows) => sortedRecord(rows.map((row) => [String(row.anonymous_id), row.user_id])),
    },
    {
        key: "reconciliation",
        sql: `select
            (select coalesce(sum(matched_orders), 0) from marts.mart_reconciliation_daily) as matched,
            (select coalesce(sum(missing_in_events), 0) from marts.mart_reconciliation_daily) as missing_in_events,
            (select coalesce(sum(missing_in_backend), 0) from marts.mart_reconciliation_daily) as missing_in_backend,
            (select count(*) from marts.fct_orders join staging.stg_orders using (order_id) where stg_orders.status = 'cancelled') as event_orders_cancelled,
            (select coalesce(sum(late_purchase_events), 0) from marts.mart_reconciliation_daily) as late_purchase_events`,
        value: (rows) => Object.fromEntries(Object.entries(rows[0]!).map(([name, value]) => [name, Number(value)])),
    },
    {
        // the split by kind is read from staging and intermediate: the mart keeps one total
        key: "duplicates_removed",
        sql: `select
            count(*) - count(distinct event_id) as event_id,
            count(distinct event_id) - (select count(*) from intermediate.int_events_deduplicated) as order_id
            from staging.stg_events where has_analytics_consent and not is_bot`,
        value: (rows) => {
            const eventId = Number(rows[0]!.event_id);
            const orderId = Number(rows[0]!.order_id);
            return { event_id: eventId, order_id: orderId, total: eventId + orderId };
        },
    },
    {
        key: "customers",
        sql: `select
            count(*) as people,
            countif(orders > 0) as with_orders,
            sum(orders) as orders,
            sum(revenue) as revenue,
            format_timestamp('%Y-%m-%dT%H:%M:%E3SZ', max(data_as_of)) as data_as_of,
            sum(ltv_30d) as ltv_30d,
            sum(ltv_90d) as ltv_90d,
            sum(ltv_365d) as ltv_365d
            from marts.dim_customers`,
        value: (rows) => ({
            ...rows[0]!,
            people: Number(rows[0]!.people),
            with_orders: Number(rows[0]!.with_orders),
            orders: Number(rows[0]!.orders),
        }),
        expected: (truth) => ({
            people: truth.customers.count,
            with_orders: truth.customers.with_orders,
            orders: truth.fct_orders_count,
            revenue: truth.fct_orders_revenue_reporting,
            data_as_of: truth.customers.data_as_of,
            ltv_30d: truth.customers.ltv_30d,
            ltv_90d: truth.customers.ltv_90d,
            ltv_365d: truth.customers.ltv_365d,
        }),
    },
    {
        key: "customers.by_first_seen_date",
        sql: "select cast(first_seen_date as string) as date, count(*) as n from marts.dim_customers group by first_seen_date",
        value: (rows) => sortedRecord(rows.map((row) => [String(row.date), Number(row.n)])),
        expected: (truth) => truth.customers.by_first_seen_date,
    },
    {
        key: "customers.by_first_order_month (mart_cohort_retention)",
        sql: "select cast(cohort_month as string) as month, customers_in_cohort as n from marts.mart_cohort_retention where months_since = 0",
        value: (rows) => sortedRecord(rows.map((row) => [String(row.month), Number(row.n)])),
        expected: (truth) => truth.customers.by_first_order_month,
    },
    {
        // every order in its cohort
        key: "fct_orders_count, fct_orders_revenue_reporting (mart_cohort_retention)",
        sql: "select sum(orders) as orders, sum(revenue) as revenue from marts.mart_cohort_retention",
        value: (rows) => ({ orders: Number(rows[0]!.orders), revenue: rows[0]!.revenue }),
        expected: (truth) => ({ orders: truth.fct_orders_count, revenue: truth.fct_orders_revenue_reporting }),
    },
    {
        key: "products",
        sql: `select product_id, sum(item_views) as item_views, sum(add_to_carts) as add_to_carts, sum(purchases) as purchases,
            sum(units) as units, sum(revenue) as revenue
            from marts.mart_products_daily group by product_id`,
        value: (rows) =>
            sortedRecord(
                rows.map((row) => [
                    String(row.product_id),
                    {
                        item_views: Number(row.item_views),
                        add_to_carts: Number(row.add_to_carts),
                        purchases: Number(row.purchases),
                        units: Number(row.units),
                        revenue: row.revenue,
                    },
                ]),
            ),
    },
    {
        key: "page_views_by_path",
        sql: "select page_path, sum(page_views) as n from marts.mart_pages_daily group by page_path having sum(page_views) > 0",
        value: (rows) => sortedRecord(rows.map((row) => [String(row.page_path), Number(row.n)])),
    },
    {
        key: "consent",
        sql: `select sum(analytics_denied_events) as analytics_denied, sum(analytics_granted_events) as kept, sum(ads_denied_events) as ads_denied
            from marts.mart_consent_daily`,
        value: (rows) => ({
            analytics_denied: Number(rows[0]!.analytics_denied),
            kept: Number(rows[0]!.kept),
            ads_denied: Number(rows[0]!.ads_denied),
        }),
        expected: (truth) => ({
            analytics_denied: truth.consent.analytics_denied,
            kept: truth.kept_events,
            ads_denied: truth.consent.ads_denied,
        }),
    },
    {
        key: "ad_spend (mart_campaigns_daily)",
        sql: "select sum(impressions) as impressions, sum(clicks) as clicks, sum(spend) as spend from marts.mart_campaigns_daily",
        value: (rows) => ({ impressions: Number(rows[0]!.impressions), clicks: Number(rows[0]!.clicks), spend: rows[0]!.spend }),
        expected: (truth) => ({
            impressions: truth.ad_spend.impressions,
            clicks: truth.ad_spend.clicks,
            spend: truth.ad_spend.spend_reporting,
        }),
    },
    {
        // every order's credit lands on some campaign row
        key: "fct_orders_revenue_reporting (mart_campaigns_daily, last touch)",
        sql: "select coalesce(sum(conversion_value_last_touch), 0) as revenue from marts.mart_campaigns_daily",
        value: (rows) => rows[0]!.revenue,
        expected: (truth) => truth.fct_orders_revenue_reporting,
    },
];

/** Keys of mart_data_quality_daily's totals, with the truth.json key each must equal. */
const QUALITY_TOTALS: [string, keyof Truth][] = [
    ["raw_events", "raw_events"],
    ["kept_events", "kept_events"],
    ["quarantined_events", "quarantined_events"],
    ["consent_dropped_events", "consent_dropped"],
    ["bot_events", "bots"],
    ["late_events", "late_events"],
];

/** Every compared key whose value in the warehouse differs from truth.json; empty when the marts recover the truth. */
export async function compareWithTruth(engine: Engine, truth: Truth): Promise<TruthMismatch[]> {
    const mismatches: TruthMismatch[] = [];
    const compare = (key: string, expected: unknown, actual: unknown) => {
        if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push({ key, expected, actual });
    };
    for (const check of CHECKS) {
        compare(
            check.key,
            check.expected ? check.expected(truth) : truth[check.key as keyof Truth],
            check.value((await engine.query(check.sql)).rows),
        );
    }

    const reasons = Object.keys(truth.quarantine_by_reason);
    const days = (await engine.query("select * from marts.mart_data_quality_daily where raw_events > 0")).rows;
    const total = (column: string) => days.reduce((sum, day) => sum + Number(day[column]), 0);
    for (const [column, key] of QUALITY_TOTALS) compare(key, truth[key], total(column));
    compare("duplicates_removed.total (mart_data_quality_daily)", truth.duplicates_removed.total, total("duplicate_events"));
    compare(
        "quarantine_by_reason",
        truth.quarantine_by_reason,
        Object.fromEntries(reasons.map((reason) => [reason, total(`quarantined_${reason}`)])),
    );
    compare(
        "by_received_date",
        truth.by_received_date,
        sortedRecord(
            days.map((day) => [
                String(day.date),
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
        ),
    );
    return mismatches;
}

function sortedRecord<V>(entries: [string, V][]): Record<string, V> {
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
