// @ts-check
/**
 * Shared column descriptions: one text per column name, used by every model
 * that carries the column, so the docs of the marts never drift apart.
 * `describe(names, extra)` returns the `columns` object of a config block.
 */
const tracking_plan = require("./tracking_plan");

/** @type {Readonly<Record<string, string>>} */
const DESCRIPTIONS = Object.freeze({
    // keys and identity
    event_id: "Producer's event id; unique after deduplication.",
    event_name: "Canonical event name from the tracking plan (aliases normalized).",
    user_id: "Known customer id sent with the event, if any.",
    anonymous_id: "Device or cookie id sent with the event, if any.",
    user_key: "Stitched person key: the user_id, else the latest user_id seen on the anonymous_id, else 'anon:' || anonymous_id.",
    session_id: "Session key: the event_id of the session's first event.",
    order_id: "Order id from the purchase payload (orderId in schema version 1).",
    email_sha256: "Hex SHA-256 of the trimmed, lower-cased e-mail address; the raw address never leaves staging.",
    // time
    event_at: "When the event happened, parsed to UTC.",
    event_date: "Date of event_at in the reporting time zone.",
    received_at: "When the collector received the event (UTC).",
    received_date: "Date of received_at in the reporting time zone.",
    ordered_at: "When the purchase happened (event_at of the purchase event, UTC).",
    order_date: "Date of ordered_at in the reporting time zone.",
    started_at: "Time of the session's first event (UTC).",
    ended_at: "Time of the session's last event (UTC).",
    session_date: "Date of the session's first event in the reporting time zone; sessions do not split at midnight.",
    conversion_at: "When the order was placed (UTC).",
    date: "Date in the reporting time zone.",
    latency_seconds: "Seconds from event_at to received_at.",
    is_late: "Whether the event arrived more than late_threshold_minutes after it happened.",
    // event attributes
    source: "Producer of the event: server, browser or app.",
    platform: "Platform of the event: web, ios, android or backend.",
    event_source: "Producer (server, browser or app) of the purchase event kept after deduplication.",
    schema_version: "Payload schema version as sent (1 is legacy and mapped to the version 2 shape).",
    page_url:
        "URL of the page the event happened on, if any; e-mail addresses, phone numbers and IPs in it replaced by [email], [phone] and [ip].",
    product_id: "Product id (sku in schema version 1 items).",
    has_ads_consent: "Whether the user consented to ads use (missing consent read as consent_default_ads).",
    // sessions and channels
    event_count: "Number of kept events in the session.",
    channel: "Marketing channel from the channel rules in includes/channels.js.",
    medium: "utm_medium of the session's landing page, lower case.",
    campaign: "utm_campaign of the session's landing page, lower case.",
    session_source: "utm_source of the session's landing page, lower case.",
    referrer_host: "Host of the session's referrer; NULL for own hosts and the page's own host.",
    landing_page: "URL (without query string) of the session's first event with page context.",
    click_id: "Most recent advertising click id among the order's touchpoints.",
    click_id_type: "Kind of click_id: gclid, msclkid, fbclid or ttclid.",
    is_converting: "Whether the session contains at least one order.",
    orders: "Number of orders.",
    // money
    currency: "ISO 4217 currency of the order's own amounts.",
    revenue: "Revenue in the reporting currency, excluding tax and shipping.",
    revenue_reporting: "Order revenue converted to the reporting currency at the order date's rate.",
    tax: "Tax in the order's own currency.",
    shipping: "Shipping in the order's own currency.",
    item_count: "Sum of item quantities in the purchase payload.",
    value: "Order revenue in the order's own currency.",
    attributed_revenue: "credit x order revenue in the reporting currency.",
    spend: "Ad spend in the reporting currency.",
    unconverted_spend_rows:
        "Ad spend rows in a currency without any FX rate: not converted, not in spend (assert_fx__every_amount_converted fails on them).",
    unconverted_backend_orders:
        "Backend orders (completed or refunded) in a currency without any FX rate: counted, left out of backend_revenue.",
    // aggregates
    sessions: "Number of sessions.",
    users: "Number of distinct user_key.",
    conversion_rate: "Converting sessions / sessions.",
    step_index: "Position of the funnel step, 1 = first.",
    step_name: "Canonical event name of the funnel step.",
    rate_from_previous: "Sessions reaching this step / sessions reaching the previous step (1 for the first step).",
    rate_from_first: "Sessions reaching this step / sessions reaching the first step.",
    model: "Attribution model: first_touch, last_touch, last_non_direct, linear, position_based or time_decay.",
    credit: "Share of the order credited to this touchpoint under the model, NUMERIC; credits of an order sum to exactly 1 (the last touchpoint takes the rounding remainder).",
    touch_index: "Position of the touchpoint among the order's touchpoints, 1 = first.",
    touch_count: "Number of touchpoints of the order.",
    conversions: "Sum of credits (NUMERIC, exact): fractional conversions attributed to the channel.",
    roas: "attributed_revenue / spend; NULL without spend.",
    cpa: "spend / conversions in the reporting currency; NULL without conversions.",
    backend_orders: "Backend orders (completed or refunded) dated this day.",
    event_orders: "Orders seen in purchase events dated this day.",
    matched_orders: "Orders present in both the backend and the events.",
    missing_in_events: "Backend orders without a purchase event.",
    missing_in_backend: "Purchase events without a backend order.",
    backend_revenue: "Revenue of the backend orders in the reporting currency.",
    event_revenue: "Revenue of the event orders in the reporting currency.",
    revenue_delta: "event_revenue - backend_revenue.",
    match_rate: "matched_orders / backend_orders; NULL without backend orders.",
    late_purchase_events: "Matched purchase events received more than late_threshold_minutes after the order's created_at.",
    raw_events: "Rows received in raw.events.",
    kept_events: "Events kept in fct_events.",
    quarantined_events: "Rows sent to staging.events_quarantine.",
    duplicate_events: "Rows removed as duplicates (same event_id, or same order_id).",
    consent_dropped_events: "Rows dropped because analytics consent was denied.",
    bot_events: "Rows dropped because the user agent matched a bot pattern.",
    late_events: "Kept events that arrived late.",
    null_user_id_rate: "Share of kept events without a user_id.",
    reason: "First defect of the row, in the order of docs/data-contract.md, Semantics.",
    // customers, cohorts, products, pages, consent, campaigns
    first_seen_at: "Time of the person's first kept event (the start of their first session, UTC).",
    first_seen_date: "Date of first_seen_at in the reporting time zone.",
    first_touch_channel: "Channel of the person's first session.",
    first_touch_source: "utm_source of the person's first session, lower case.",
    first_touch_medium: "utm_medium of the person's first session, lower case.",
    first_touch_campaign: "utm_campaign of the person's first session, lower case.",
    is_identified: "Whether the person is known by a user_id (a user_key that is not 'anon:' || anonymous_id).",
    first_order_at: "Time of the person's first order (UTC); NULL without orders.",
    first_order_date: "Date of first_order_at in the reporting time zone.",
    last_order_at: "Time of the person's latest order (UTC); NULL without orders.",
    last_order_date: "Date of last_order_at in the reporting time zone.",
    average_order_value: "revenue / orders in the reporting currency; NULL without orders.",
    data_as_of: "Time of the newest kept event in the warehouse (UTC): what 'has passed' is measured against, never the wall clock.",
    new_users: "People whose first kept event is on this date (first_seen_date in dim_customers).",
    returning_users: "People first seen on an earlier date.",
    product_name: "Product name from raw.products; NULL for a product raw.products does not know.",
    product_category: "Product category from raw.products; NULL for a product raw.products does not know.",
    is_known_product: "Whether raw.products lists the product_id.",
    page_path: "Path of the page URL: without scheme, host, query string and fragment ('/' when empty).",
});

/** Per-reason quarantine count columns of mart_data_quality_daily. */
const QUARANTINE_COLUMNS = Object.freeze(
    Object.fromEntries(
        tracking_plan.QUARANTINE_REASONS.map((reason) => [`quarantined_${reason}`, `Rows quarantined with reason ${reason}.`]),
    ),
);

/**
 * The `columns` object of a config block: shared text for each name, `extra`
 * for columns whose meaning is specific to the model (it also overrides).
 * @param {readonly string[]} names
 * @param {Readonly<Record<string, string>>} [extra]
 * @returns {Record<string, string>}
 */
function describe(names, extra = {}) {
    /** @type {Record<string, string>} */
    const columns = {};
    for (const name of names) {
        const text = extra[name] ?? DESCRIPTIONS[name] ?? QUARANTINE_COLUMNS[name];
        if (text === undefined) {
            throw new Error(`columns.describe: no description for column ${JSON.stringify(name)}`);
        }
        columns[name] = text;
    }
    for (const name of Object.keys(extra)) {
        if (!names.includes(name)) {
            columns[name] = extra[name];
        }
    }
    return columns;
}

module.exports = { DESCRIPTIONS, QUARANTINE_COLUMNS, describe };
