import { describe, expect, it } from "vitest";
import { runScenario, useScenario } from "./harness.ts";
import { sourceTimezone, staging } from "./scenarios.ts";

const scenario = useScenario(staging.raw);

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
        expect(payload).toEqual({
            event_name: "purchase",
            payload: JSON.stringify({ order_id: "o-q8", currency: "XYZ", revenue: 5, tax: 0, shipping: 0, items: [] }),
        });
    });

    it("drops rows without analytics consent and bot rows, and reads missing consent from the defaults", async () => {
        const rows = await scenario().rows(
            "select event_id, has_ads_consent from marts.fct_events where anonymous_id in ('a-c1', 'a-c2', 'a-c3', 'a-bot') order by event_id",
        );
        expect(rows).toEqual([
            { event_id: "c-granted", has_ads_consent: true },
            { event_id: "c-missing", has_ads_consent: false },
        ]);
        const [denied] = await scenario().rows(
            "select user_id, anonymous_id, page_url, has_analytics_consent from staging.stg_events where event_id = 'c-denied'",
        );
        expect(denied).toEqual({ user_id: null, anonymous_id: null, page_url: null, has_analytics_consent: false });
    });

    it("hashes e-mail, redacts addresses in URLs and truncates IPv4 to /24", async () => {
        const rows = await scenario().rows(
            "select event_id, email_sha256, page_url, ip_truncated from staging.stg_events where anonymous_id = 'a-p' order by event_id",
        );
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
        const events = await scenario().rows(
            "select event_id, event_name from marts.fct_events where anonymous_id = 'a-alias' order by event_id",
        );
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
                date: "2024-03-01",
                raw_events: "26",
                kept_events: "13",
                quarantined_events: "11",
                duplicate_events: "0",
                consent_dropped_events: "1",
                bot_events: "1",
                quarantined_missing_event_id: "2",
                quarantined_missing_identity: "1",
                quarantined_unparseable_timestamp: "2",
                quarantined_future_timestamp: "1",
                quarantined_invalid_payload: "0",
                quarantined_unknown_event: "1",
                quarantined_missing_required_property: "2",
                quarantined_invalid_value: "2",
            },
        ]);
    });
});

describe("source_timezone", () => {
    it("reads naive timestamps in var source_timezone and leaves zoned ones alone", async () => {
        const berlin = await runScenario(sourceTimezone.raw, sourceTimezone.vars);
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
