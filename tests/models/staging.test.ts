import { describe, expect, it } from "vitest";
import { event, purchase, runScenario, useScenario } from "./harness.ts";

/**
 * One run, many isolated rows (each its own anonymous_id): timestamp formats,
 * quarantine reasons, consent, bots, privacy, aliases and the legacy schema.
 * Every row is received on 2024-03-01.
 */
const received = "2024-03-01T10:05:00Z";
const at = "2024-03-01T10:00:00Z";
const raw = [
  // timestamp formats
  event({ event_id: "ts-z", anonymous_id: "a-ts", event_timestamp: "2024-03-01T10:00:00Z", received_at: received }),
  event({ event_id: "ts-offset", anonymous_id: "a-ts", event_timestamp: "2024-03-01T12:00:00.5+02:00", received_at: received }),
  event({ event_id: "ts-naive", anonymous_id: "a-ts", event_timestamp: "2024-03-01 10:00:01.123456", received_at: received }),
  event({ event_id: "ts-naive-t", anonymous_id: "a-ts", event_timestamp: "2024-03-01T10:00:03", received_at: received }),
  event({ event_id: "ts-epoch", anonymous_id: "a-ts", event_timestamp: "1709287202000", received_at: received }),
  // exactly 5 minutes ahead of received_at is still fine
  event({ event_id: "ts-edge", anonymous_id: "a-ts", at: "2024-03-01T10:10:00Z", received_at: received }),
  // one row per quarantine reason
  event({ event_id: null, anonymous_id: "a-q1", at, received_at: received }),
  event({ event_id: "q2", anonymous_id: null, user_id: null, at, received_at: received }),
  event({ event_id: "q3", anonymous_id: "a-q3", event_timestamp: "not-a-timestamp", received_at: received }),
  event({ event_id: "q4", anonymous_id: "a-q4", at: "2024-03-01T10:10:01Z", received_at: received }),
  event({ event_id: "q5", anonymous_id: "a-q5", event_name: "refund", at, received_at: received }),
  event({ event_id: "q6", anonymous_id: "a-q6", event_name: "purchase", at, received_at: received, payload: { order_id: "o-q6", currency: "USD" } }),
  event({ event_id: "q7", anonymous_id: "a-q7", event_name: "purchase", at, received_at: received, payload: purchase("o-q7", -5) }),
  event({ event_id: "q8", anonymous_id: "a-q8", event_name: "purchase", at, received_at: received, payload: purchase("o-q8", 5, "XYZ") }),
  event({ event_id: "q9", anonymous_id: "a-q9", event_name: "view_item", at, received_at: received, payload: { price: 3 } }),
  // several defects: the first reason in design.md 4 order wins
  event({ event_id: null, anonymous_id: "a-q10", event_name: "refund", at, received_at: received }),
  event({ event_id: "q11", anonymous_id: "a-q11", event_name: "refund", event_timestamp: "yesterday", received_at: received }),
  // consent and bots
  event({ event_id: "c-denied", anonymous_id: "a-c1", consent: { analytics: false, ads: true }, at, received_at: received }),
  event({ event_id: "c-missing", anonymous_id: "a-c2", consent: null, at, received_at: received }),
  event({ event_id: "c-granted", anonymous_id: "a-c3", consent: { analytics: true, ads: true }, at, received_at: received }),
  event({ event_id: "bot", anonymous_id: "a-bot", user_agent: "Mozilla/5.0 (compatible; Googlebot/2.1)", at, received_at: received }),
  // privacy
  event({
    event_id: "p-signup", anonymous_id: "a-p", event_name: "Signed Up", at, received_at: received,
    payload: { email: " Jane.Doe@Example.COM ", method: "email" },
    page_url: "https://shop.example.com/account?utm_source=newsletter&email=jane.doe@example.com",
  }),
  event({ event_id: "p-ipv6", anonymous_id: "a-p", at, received_at: received, ip: "2001:db8::1" }),
  // aliases and the legacy schema
  event({ event_id: "alias-1", anonymous_id: "a-alias", event_name: "  Page Viewed ", at, received_at: received }),
  event({ event_id: "alias-2", anonymous_id: "a-alias", event_name: "Product Viewed", at, received_at: received, payload: { product_id: "p1", price: 10 } }),
  event({
    event_id: "v1-purchase", anonymous_id: "a-alias", event_name: "Order Completed", schema_version: 1, at, received_at: received,
    payload: { orderId: "o-v1", currency: "USD", value: 30, products: [{ sku: "p1", qty: 2, price: 10 }, { sku: "p2", qty: 1, price: 10 }] },
  }),
];

const scenario = useScenario({ events: raw });

describe("staging", () => {
  it("parses RFC 3339 (Z and offset), naive local time and epoch milliseconds to UTC", async () => {
    const rows = await scenario().rows("select event_id, event_at from marts.fct_events where anonymous_id = 'a-ts' order by event_id");
    expect(rows).toEqual([
      { event_id: "ts-edge", event_at: "2024-03-01T10:10:00.000000Z" },
      { event_id: "ts-epoch", event_at: "2024-03-01T10:00:02.000000Z" },
      { event_id: "ts-naive", event_at: "2024-03-01T10:00:01.123456Z" },
      { event_id: "ts-naive-t", event_at: "2024-03-01T10:00:03.000000Z" },
      { event_id: "ts-offset", event_at: "2024-03-01T10:00:00.500000Z" },
      { event_id: "ts-z", event_at: "2024-03-01T10:00:00.000000Z" },
    ]);
  });

  it("quarantines each defective row with its first reason and keeps the raw row", async () => {
    const rows = await scenario().rows("select event_id, anonymous_id, reason from staging.events_quarantine order by anonymous_id");
    // BigQuery sorts NULL first
    expect(rows).toEqual([
      { event_id: "q2", anonymous_id: null, reason: "missing_identity" },
      { event_id: null, anonymous_id: "a-q1", reason: "missing_event_id" },
      { event_id: null, anonymous_id: "a-q10", reason: "missing_event_id" },
      { event_id: "q11", anonymous_id: "a-q11", reason: "unparseable_timestamp" },
      { event_id: "q3", anonymous_id: "a-q3", reason: "unparseable_timestamp" },
      { event_id: "q4", anonymous_id: "a-q4", reason: "future_timestamp" },
      { event_id: "q5", anonymous_id: "a-q5", reason: "unknown_event" },
      { event_id: "q6", anonymous_id: "a-q6", reason: "missing_required_property" },
      { event_id: "q7", anonymous_id: "a-q7", reason: "invalid_value" },
      { event_id: "q8", anonymous_id: "a-q8", reason: "invalid_value" },
      { event_id: "q9", anonymous_id: "a-q9", reason: "missing_required_property" },
    ]);
    const [payload] = await scenario().rows("select event_name, payload from staging.events_quarantine where event_id = 'q8'");
    expect(payload).toEqual({ event_name: "purchase", payload: JSON.stringify({ order_id: "o-q8", currency: "XYZ", revenue: 5, tax: 0, shipping: 0, items: [] }) });
  });

  it("drops rows without analytics consent and bot rows, and reads missing consent from the defaults", async () => {
    const rows = await scenario().rows("select event_id, has_ads_consent from marts.fct_events where anonymous_id in ('a-c1', 'a-c2', 'a-c3', 'a-bot') order by event_id");
    expect(rows).toEqual([
      { event_id: "c-granted", has_ads_consent: true },
      { event_id: "c-missing", has_ads_consent: false },
    ]);
    const [denied] = await scenario().rows("select user_id, anonymous_id, page_url, has_analytics_consent from staging.stg_events where event_id = 'c-denied'");
    expect(denied).toEqual({ user_id: null, anonymous_id: null, page_url: null, has_analytics_consent: false });
  });

  it("hashes e-mail, redacts addresses in URLs and truncates IPv4 to /24", async () => {
    const rows = await scenario().rows("select event_id, email_sha256, page_url, ip_truncated from staging.stg_events where anonymous_id = 'a-p' order by event_id");
    expect(rows).toEqual([
      { event_id: "p-ipv6", email_sha256: null, page_url: "https://shop.example.com/", ip_truncated: null },
      {
        event_id: "p-signup",
        email_sha256: "86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d",
        page_url: "https://shop.example.com/account?utm_source=newsletter&email=[email]",
        ip_truncated: "203.0.113.0",
      },
    ]);
  });

  it("normalizes aliases and maps schema version 1 purchases to the version 2 shape", async () => {
    const events = await scenario().rows("select event_id, event_name from marts.fct_events where anonymous_id = 'a-alias' order by event_id");
    expect(events).toEqual([
      { event_id: "alias-1", event_name: "page_view" },
      { event_id: "alias-2", event_name: "view_item" },
      { event_id: "v1-purchase", event_name: "purchase" },
    ]);
    const orders = await scenario().rows("select order_id, currency, revenue, item_count from marts.fct_orders");
    expect(orders).toEqual([{ order_id: "o-v1", currency: "USD", revenue: "30", item_count: "3" }]);
    const items = await scenario().rows("select product_id, quantity, item_revenue from staging.stg_event_items order by product_id");
    expect(items).toEqual([
      { product_id: "p1", quantity: "2", item_revenue: "20" },
      { product_id: "p2", quantity: "1", item_revenue: "10" },
    ]);
  });

  it("accounts for every raw row in the data quality mart", async () => {
    const rows = await scenario().rows(`
      select date, raw_events, kept_events, quarantined_events, duplicate_events, consent_dropped_events, bot_events,
          quarantined_missing_event_id, quarantined_missing_identity, quarantined_unparseable_timestamp, quarantined_future_timestamp,
          quarantined_invalid_payload, quarantined_unknown_event, quarantined_missing_required_property, quarantined_invalid_value
      from marts.mart_data_quality_daily`);
    expect(rows).toEqual([
      {
        date: "2024-03-01", raw_events: "26", kept_events: "13", quarantined_events: "11", duplicate_events: "0", consent_dropped_events: "1", bot_events: "1",
        quarantined_missing_event_id: "2", quarantined_missing_identity: "1", quarantined_unparseable_timestamp: "2", quarantined_future_timestamp: "1",
        quarantined_invalid_payload: "0", quarantined_unknown_event: "1", quarantined_missing_required_property: "2", quarantined_invalid_value: "2",
      },
    ]);
  });
});

describe("source_timezone", () => {
  it("reads naive timestamps in var source_timezone and leaves zoned ones alone", async () => {
    const berlin = await runScenario(
      {
        events: [
          event({ event_id: "naive", event_timestamp: "2024-07-01 12:00:00", received_at: "2024-07-01T10:01:00Z" }),
          event({ event_id: "zoned", event_timestamp: "2024-07-01T12:00:00Z", received_at: "2024-07-01T12:01:00Z" }),
        ],
      },
      { source_timezone: "Europe/Berlin" },
    );
    try {
      const rows = await berlin.rows("select event_id, event_at from marts.fct_events order by event_id");
      expect(rows).toEqual([
        { event_id: "naive", event_at: "2024-07-01T10:00:00.000000Z" },
        { event_id: "zoned", event_at: "2024-07-01T12:00:00.000000Z" },
      ]);
    } finally {
      await berlin.close();
    }
  });
});
