/**
 * Adversarial input: every class of bad value the contract names, one raw row each, in every raw
 * events column (and a negative backend order, a lower-case spend channel and currency).
 * Money without an FX rate is tested in reconciliation.test.ts. The whole graph must build every model, and
 * every raw row must end in exactly one place: kept, or quarantined with the reason the contract's
 * first-reason-wins order gives it, or counted as a duplicate, consent drop or bot.
 */
import { describe, expect, it } from "vitest";
import type { Row } from "../../scripts/engines/values.ts";
import { event, order, purchase, rate, useScenario, type EventInput } from "./harness.ts";

type Fate = "kept" | "duplicate" | "consent" | "bot" | string;

interface Case {
    /** Unique per case: the row's anonymous id, and its event id unless the case is about the event id. */
    name: string;
    input: EventInput;
    /** Overrides of raw columns after the row is built (texts sent as is). */
    raw?: Row;
    fate: Fate;
}

const item = (quantity: unknown, itemRevenue: unknown = 10) => ({ product_id: "p1", quantity, item_revenue: itemRevenue });
const buy = (name: string, payload: Record<string, unknown> = {}) => ({
    event_name: "purchase",
    payload: { ...purchase(`o-${name}`, 10, "USD"), items: [item(1)], ...payload },
});

/** One payload text in both versions' shapes: its v2 items are valid, its v1 products are not. */
const bothShapes = {
    order_id: "o-shapes-v2",
    orderId: "o-shapes-v1",
    currency: "USD",
    revenue: 10,
    value: 10,
    items: [item(1)],
    products: [{ sku: "p1", qty: -1, price: 10 }],
};

const CASES: Case[] = [
    { name: "valid-purchase", input: buy("valid-purchase"), fate: "kept" },
    { name: "mixed-case-alias", input: { ...buy("mixed-case-alias"), event_name: "  ORDER Completed " }, fate: "kept" },
    { name: "lower-currency", input: buy("lower-currency", { currency: " eur" }), fate: "kept" },
    { name: "mixed-case-source", input: { source: "SERVER ", platform: "Backend" }, fate: "kept" },
    { name: "surrogate-pair", input: { payload: '{"note": "\\ud83d\\ude00"}' }, fate: "kept" },
    // event_id
    { name: "no-event-id", input: { event_id: null }, fate: "missing_event_id" },
    // user_id and anonymous_id
    { name: "no-identity", input: { anonymous_id: null, user_id: null }, fate: "missing_identity" },
    // event_timestamp
    { name: "ts-words", input: { event_timestamp: "yesterday" }, fate: "unparseable_timestamp" },
    { name: "ts-feb-30", input: { event_timestamp: "2024-02-30T10:00:00Z" }, fate: "unparseable_timestamp" },
    { name: "ts-empty", input: { event_timestamp: "" }, fate: "unparseable_timestamp" },
    { name: "ts-null", input: { event_timestamp: null }, fate: "unparseable_timestamp" },
    { name: "ts-future", input: { event_timestamp: "2024-03-01T11:00:00Z" }, fate: "future_timestamp" },
    // source, platform, schema_version
    { name: "source-unknown", input: { source: "email" }, fate: "invalid_enum" },
    { name: "source-null", input: {}, raw: { source: null }, fate: "invalid_enum" },
    { name: "platform-unknown", input: { platform: "windows" }, fate: "invalid_enum" },
    { name: "schema-version-3", input: { schema_version: 3 }, fate: "invalid_enum" },
    // consent
    { name: "consent-malformed", input: { consent: "{analytics: false" }, fate: "invalid_consent" },
    { name: "consent-wrong-type", input: { consent: '{"analytics": "yes", "ads": true}' }, fate: "invalid_consent" },
    { name: "consent-array", input: { consent: "[true]" }, fate: "invalid_consent" },
    { name: "consent-surrogate", input: { consent: '{"analytics": true, "note": "\\ud800"}' }, fate: "invalid_consent" },
    // context
    { name: "context-malformed", input: {}, raw: { context: "page_url=https://shop.example.com/" }, fate: "invalid_context" },
    { name: "context-string", input: {}, raw: { context: '"https://shop.example.com/"' }, fate: "invalid_context" },
    { name: "context-surrogate", input: {}, raw: { context: '{"page_url": "https://shop.example.com/\\udfff"}' }, fate: "invalid_context" },
    // payload
    { name: "payload-trailing-comma", input: { payload: '{"product_id": "p1",}' }, fate: "invalid_payload" },
    { name: "payload-surrogate", input: { payload: '{"note": "x\\ud800"}' }, fate: "invalid_payload" },
    { name: "payload-array", input: { payload: "[]" }, fate: "invalid_payload" },
    { name: "payload-nan", input: { payload: '{"price": NaN}' }, fate: "invalid_payload" },
    { name: "payload-inexact-number", input: { payload: '{"price": 1.000000000000000000001}' }, fate: "invalid_payload" },
    // event_name
    { name: "event-name-null", input: {}, raw: { event_name: null }, fate: "unknown_event" },
    { name: "event-name-unknown", input: { event_name: "Refund Issued" }, fate: "unknown_event" },
    // required properties
    { name: "purchase-no-currency", input: buy("purchase-no-currency", { currency: null }), fate: "missing_required_property" },
    { name: "view-item-no-product", input: { event_name: "view_item", payload: { price: 5 } }, fate: "missing_required_property" },
    {
        name: "v1-no-order-id",
        input: { event_name: "Order Completed", schema_version: 1, payload: { currency: "USD", value: 5, products: [] } },
        fate: "missing_required_property",
    },
    // values
    { name: "revenue-negative", input: buy("revenue-negative", { revenue: -5 }), fate: "invalid_value" },
    { name: "revenue-wrong-type", input: buy("revenue-wrong-type", { revenue: "ten" }), fate: "invalid_value" },
    { name: "revenue-out-of-range", input: buy("revenue-out-of-range", { revenue: 1e40 }), fate: "invalid_value" },
    { name: "tax-negative", input: buy("tax-negative", { tax: -1 }), fate: "invalid_value" },
    { name: "currency-unknown", input: buy("currency-unknown", { currency: "XYZ" }), fate: "invalid_value" },
    { name: "item-quantity-negative", input: buy("item-quantity-negative", { items: [item(-1)] }), fate: "invalid_value" },
    { name: "item-quantity-fraction", input: buy("item-quantity-fraction", { items: [item(2.5)] }), fate: "invalid_value" },
    { name: "item-revenue-wrong-type", input: buy("item-revenue-wrong-type", { items: [item(1, "lots")] }), fate: "invalid_value" },
    { name: "items-not-array", input: buy("items-not-array", { items: "p1" }), fate: "invalid_value" },
    {
        name: "alias-item-negative",
        input: { ...buy("alias-item-negative", { items: [item(-1)] }), event_name: "Checkout Completed" },
        fate: "invalid_value",
    },
    {
        name: "v1-product-qty-words",
        input: {
            event_name: "Order Completed",
            schema_version: 1,
            payload: { orderId: "o-v1-words", currency: "USD", value: 5, products: [{ sku: "p1", qty: "two", price: 5 }] },
        },
        fate: "invalid_value",
    },
    // the line items are checked per payload text and schema version
    { name: "shapes-v1", input: { event_name: "purchase", schema_version: 1, payload: bothShapes }, fate: "invalid_value" },
    { name: "shapes-v2", input: { event_name: "purchase", schema_version: 2, payload: bothShapes }, fate: "kept" },
    { name: "price-wrong-type", input: { event_name: "view_item", payload: { product_id: "p1", price: "abc" } }, fate: "invalid_value" },
    { name: "quantity-negative", input: { event_name: "add_to_cart", payload: { product_id: "p1", quantity: -3 } }, fate: "invalid_value" },
    // removed, and counted
    { name: "consent-denied", input: { consent: { analytics: false, ads: false } }, fate: "consent" },
    { name: "bot", input: { user_agent: "Mozilla/5.0 (compatible; Googlebot/2.1)" }, fate: "bot" },
];

/** The case's raw row: received at 10:00, its own device and person, so no case touches another. */
function rowOf({ name, input, raw }: Case): Row {
    return { ...event({ event_id: name, anonymous_id: `a-${name}`, user_id: `u-${name}`, at: "2024-03-01T10:00:00Z", ...input }), ...raw };
}

const replayed = rowOf(CASES[0]!);
const rows = [...CASES.map(rowOf), { ...replayed, received_at: "2024-03-01T10:00:05Z" }];

const scenario = useScenario(
    {
        events: rows,
        fx_rates: [rate("2024-03-01", "EUR", "1.08")],
        orders: [order("o-valid-purchase", "2024-03-01T10:00:00Z", "10"), order("o-negative", "2024-03-01T09:00:00Z", "-5")],
        ad_spend: [{ spend_date: "2024-03-01", source: "google", medium: "cpc", channel: "paid search", currency: "usd", spend: "30" }],
    },
    // one of two backend orders is unmatched on purpose: the reconciliation threshold would flag it
    { min_match_rate: "0", late_purchase_tolerance: "1" },
);

const expectedQuarantine = CASES.filter(({ fate }) => !["kept", "consent", "bot"].includes(fate))
    .map(({ name, fate }) => ({ key: name === "no-event-id" ? `a-${name}` : name, reason: fate }))
    .sort((a, b) => a.key.localeCompare(b.key));

describe("adversarial raw rows", () => {
    it("quarantines each bad row with the reason of its first defect", async () => {
        const quarantined = await scenario().rows(
            "select coalesce(event_id, anonymous_id) as key, reason from staging.events_quarantine order by key",
        );
        expect(quarantined).toEqual(expectedQuarantine);
    });

    it("keeps the valid rows once, the replayed one deduplicated", async () => {
        const kept = await scenario().rows("select event_id from marts.fct_events order by event_id");
        expect(kept.map((row) => row.event_id)).toEqual(
            CASES.filter(({ fate }) => fate === "kept")
                .map(({ name }) => name)
                .sort(),
        );
    });

    it("accounts for every raw row: raw = kept + quarantined by reason + duplicates + consent + bots", async () => {
        const [day] = await scenario().rows("select * from marts.mart_data_quality_daily");
        const count = (fate: Fate) => String(CASES.filter((one) => one.fate === fate).length);
        const reasons = Object.fromEntries(expectedQuarantine.map(({ reason }) => [`quarantined_${reason}`, count(reason)]));
        expect(day).toMatchObject({
            raw_events: String(rows.length),
            kept_events: count("kept"),
            quarantined_events: String(expectedQuarantine.length),
            duplicate_events: "1",
            consent_dropped_events: count("consent"),
            bot_events: count("bot"),
            ...reasons,
        });
    });

    it("compares ad spend channels and currencies case-insensitively", async () => {
        const spend = await scenario().rows("select channel, spend from intermediate.int_ad_spend_daily where spend is not null");
        expect(spend).toEqual([{ channel: "Paid Search", spend: "30" }]);
    });

    // a FLOAT64 sum depends on the order rows are added in, so two runs could differ in the last digits
    it("gives BI exact sums: every FLOAT64 column of the marts is a ratio of exact numbers", async () => {
        const floats = await scenario().rows(
            "select concat(table_name, '.', column_name) as name from marts.INFORMATION_SCHEMA.COLUMNS where data_type = 'FLOAT64' order by name",
        );
        expect(
            floats.map((row) => String(row.name)).filter((name) => !/\.(roas(_\w+)?|ctr|\w+_rate|rate_\w+|\w+_share)$/.test(name)),
        ).toEqual([]);
        expect(floats.length).toBeGreaterThan(0);
    });
});
