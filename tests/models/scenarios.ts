/**
 * The scenario fixtures: small hand-written raw inputs, one behaviour each.
 * tests/models checks their mart rows on DuckDB; tests/differential runs the
 * same inputs on DuckDB and on the ZetaSQL reference evaluator and requires
 * every table and view to be equal.
 */
import { event, order, purchase, rate, type RawRows } from "./inputs.ts";

export interface ScenarioInput {
    raw: RawRows;
    vars?: Record<string, string>;
}

export const SITE = "https://shop.example.com";

/**
 * One run, many isolated rows (each its own anonymous_id): timestamp formats,
 * quarantine reasons, consent, bots, privacy, aliases and the legacy schema.
 * Every row is received on 2024-03-01.
 */
const received = "2024-03-01T10:05:00Z";
const at = "2024-03-01T10:00:00Z";
export const staging: ScenarioInput = {
    raw: {
        events: [
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
            event({
                event_id: "q6",
                anonymous_id: "a-q6",
                event_name: "purchase",
                at,
                received_at: received,
                payload: { order_id: "o-q6", currency: "USD" },
            }),
            event({
                event_id: "q7",
                anonymous_id: "a-q7",
                event_name: "purchase",
                at,
                received_at: received,
                payload: purchase("o-q7", -5),
            }),
            event({
                event_id: "q8",
                anonymous_id: "a-q8",
                event_name: "purchase",
                at,
                received_at: received,
                payload: purchase("o-q8", 5, "XYZ"),
            }),
            event({ event_id: "q9", anonymous_id: "a-q9", event_name: "view_item", at, received_at: received, payload: { price: 3 } }),
            // several defects: the first reason in docs/data-contract.md, Semantics order wins
            event({ event_id: null, anonymous_id: "a-q10", event_name: "refund", at, received_at: received }),
            event({ event_id: "q11", anonymous_id: "a-q11", event_name: "refund", event_timestamp: "yesterday", received_at: received }),
            // consent and bots
            event({ event_id: "c-denied", anonymous_id: "a-c1", consent: { analytics: false, ads: true }, at, received_at: received }),
            event({ event_id: "c-missing", anonymous_id: "a-c2", consent: null, at, received_at: received }),
            event({ event_id: "c-granted", anonymous_id: "a-c3", consent: { analytics: true, ads: true }, at, received_at: received }),
            event({
                event_id: "bot",
                anonymous_id: "a-bot",
                user_agent: "Mozilla/5.0 (compatible; Googlebot/2.1)",
                at,
                received_at: received,
            }),
            // privacy
            event({
                event_id: "p-signup",
                anonymous_id: "a-p",
                event_name: "Signed Up",
                at,
                received_at: received,
                payload: { email: " Jane.Doe@Example.COM ", method: "email" },
                page_url: "https://shop.example.com/account?utm_source=newsletter&email=jane.doe@example.com",
            }),
            event({ event_id: "p-ipv6", anonymous_id: "a-p", at, received_at: received, ip: "2001:db8::1" }),
            // aliases and the legacy schema
            event({ event_id: "alias-1", anonymous_id: "a-alias", event_name: "  Page Viewed ", at, received_at: received }),
            event({
                event_id: "alias-2",
                anonymous_id: "a-alias",
                event_name: "Product Viewed",
                at,
                received_at: received,
                payload: { product_id: "p1", price: 10 },
            }),
            event({
                event_id: "v1-purchase",
                anonymous_id: "a-alias",
                event_name: "Order Completed",
                schema_version: 1,
                at,
                received_at: received,
                payload: {
                    orderId: "o-v1",
                    currency: "USD",
                    value: 30,
                    products: [
                        { sku: "p1", qty: 2, price: 10 },
                        { sku: "p2", qty: 1, price: 10 },
                    ],
                },
            }),
        ],
    },
};

/** Naive timestamps read in var source_timezone; zoned ones left alone. */
export const sourceTimezone: ScenarioInput = {
    raw: {
        events: [
            event({ event_id: "naive", event_timestamp: "2024-07-01 12:00:00", received_at: "2024-07-01T10:01:00Z" }),
            event({ event_id: "zoned", event_timestamp: "2024-07-01T12:00:00Z", received_at: "2024-07-01T12:01:00Z" }),
        ],
    },
    vars: { source_timezone: "Europe/Berlin" },
};

/** One landing event per device: its traffic source decides the session's channel. */
export const landings: [string, { page_url?: string; referrer?: string }, string][] = [
    ["gclid", { page_url: `${SITE}/?gclid=abc123` }, "Paid Search"],
    ["cpc", { page_url: `${SITE}/?utm_source=google&utm_medium=cpc&utm_campaign=Spring` }, "Paid Search"],
    ["paid-social", { page_url: `${SITE}/?utm_source=facebook&utm_medium=paid_social` }, "Paid Social"],
    ["display", { page_url: `${SITE}/?utm_source=gdn&utm_medium=display` }, "Display"],
    ["email", { page_url: `${SITE}/?utm_source=newsletter&utm_medium=email` }, "Email"],
    ["affiliate", { page_url: `${SITE}/?utm_source=partner&utm_medium=affiliate` }, "Affiliates"],
    ["organic-social", { referrer: "https://m.facebook.com/" }, "Organic Social"],
    ["organic-search", { referrer: "https://www.google.com/" }, "Organic Search"],
    ["referral", { referrer: "https://blog.example.org/post" }, "Referral"],
    ["own-host", { page_url: "https://m.shop.example.com/", referrer: `${SITE}/cart` }, "Direct"],
    ["unassigned", { page_url: `${SITE}/?utm_source=spring_sale` }, "Unassigned"],
    ["direct", {}, "Direct"],
];

export const sessions: ScenarioInput = {
    raw: {
        events: [
            ...landings.map(([name, context]) =>
                event({ event_id: `land-${name}`, anonymous_id: `a-${name}`, at: "2024-03-01T12:00:00Z", ...context }),
            ),
            // a session across midnight stays one session, dated by its first event; 31 minutes later a new one starts
            event({ event_id: "night-1", anonymous_id: "a-night", at: "2024-03-01T23:50:00Z" }),
            event({ event_id: "night-2", anonymous_id: "a-night", at: "2024-03-02T00:10:00Z" }),
            event({ event_id: "night-3", anonymous_id: "a-night", at: "2024-03-02T00:35:00Z" }),
            event({ event_id: "night-4", anonymous_id: "a-night", at: "2024-03-02T01:06:00Z" }),
            // server events without page context fall into the session around them; the source comes from the first page event
            event({
                event_id: "srv-1",
                anonymous_id: "a-inherit",
                source: "server",
                platform: "backend",
                page_url: null,
                at: "2024-03-01T09:59:00Z",
            }),
            event({
                event_id: "srv-2",
                anonymous_id: "a-inherit",
                page_url: `${SITE}/landing?utm_source=newsletter&utm_medium=email&utm_campaign=march`,
                at: "2024-03-01T10:00:00Z",
            }),
            event({
                event_id: "srv-3",
                anonymous_id: "a-inherit",
                source: "server",
                platform: "backend",
                page_url: null,
                at: "2024-03-01T10:10:00Z",
            }),
        ],
    },
};

export const ORDER_AT = "2024-03-01T11:20:00Z";
const user = { user_id: "u-att", anonymous_id: "a-att" };
const signUpUser = { user_id: "u-sign", anonymous_id: "a-sign" };

const attributionEvents = [
    // 41 days before the order: outside the 30-day lookback
    event({ ...user, event_id: "s0", at: "2024-01-20T10:00:00Z", page_url: `${SITE}/?utm_source=newsletter&utm_medium=email` }),
    // e-mail visit with an old Meta click id; the person signs up
    event({ ...user, event_id: "s1", at: "2024-02-20T10:00:00Z", page_url: `${SITE}/?utm_source=newsletter&utm_medium=email&fbclid=fb-1` }),
    event({
        ...user,
        event_id: "s1-signup",
        event_name: "sign_up",
        at: "2024-02-20T10:01:00Z",
        payload: { email: "ATT@example.com", method: "email" },
    }),
    // a Google Ads click (click ids are case-sensitive)
    event({ ...user, event_id: "s2", at: "2024-02-27T12:00:00Z", page_url: `${SITE}/?gclid=Gc-1AbC` }),
    // the converting session is direct
    event({ ...user, event_id: "s3", at: "2024-03-01T11:00:00Z" }),
    event({ ...user, event_id: "s3-buy", event_name: "purchase", at: ORDER_AT, payload: purchase("o-att", 100) }),
    // clicked, but no ads consent: not exported
    event({
        user_id: "u-noads",
        anonymous_id: "a-noads",
        event_id: "n1",
        at: "2024-03-01T09:00:00Z",
        page_url: `${SITE}/?gclid=g-999`,
        consent: { analytics: true, ads: false },
    }),
    event({
        user_id: "u-noads",
        anonymous_id: "a-noads",
        event_id: "n2",
        event_name: "purchase",
        at: "2024-03-01T09:01:00Z",
        consent: { analytics: true, ads: false },
        payload: purchase("o-noads", 10),
    }),
    // a person who signs up after three sessions and never orders: a sign_up conversion with three touchpoints
    event({ ...signUpUser, event_id: "g1", at: "2024-02-26T09:00:00Z", page_url: `${SITE}/?gclid=Gc-sign` }),
    event({ ...signUpUser, event_id: "g2", at: "2024-02-28T09:00:00Z", page_url: `${SITE}/?utm_source=newsletter&utm_medium=email` }),
    event({ ...signUpUser, event_id: "g3", at: "2024-03-01T09:30:00Z" }),
    event({ ...signUpUser, event_id: "g3-signup", event_name: "sign_up", at: "2024-03-01T09:32:00Z", payload: { method: "google" } }),
];

export const attribution: ScenarioInput = {
    raw: {
        events: attributionEvents,
        ad_spend: [
            {
                spend_date: "2024-03-01",
                source: "google",
                medium: "cpc",
                campaign: "brand",
                // channel names compare case-insensitively: this is Paid Search
                channel: " paid search",
                currency: "EUR",
                spend: "50",
                impressions: "1000",
                clicks: "40",
            },
            {
                spend_date: "2024-03-01",
                source: "gdn",
                medium: "display",
                campaign: "retargeting",
                channel: "Display",
                currency: "USD",
                spend: "20",
                impressions: "5000",
                clicks: "10",
            },
        ],
        fx_rates: [rate("2024-02-28", "EUR", "1.1")],
    },
};

/** Five sessions on 2024-03-01 (one device each) walking the default funnel, and one e-mail session that buys. */
const walk = (device: string, steps: [string, string][]) =>
    steps.map(([name, time], i) =>
        event({
            event_id: `${device}-${i}`,
            anonymous_id: device,
            event_name: name,
            at: `2024-03-01T10:${time}:00Z`,
            payload:
                name === "purchase"
                    ? purchase(`o-${device}`, 50)
                    : name === "view_item" || name === "add_to_cart"
                      ? { product_id: "p1", price: 5, quantity: 1 }
                      : {},
        }),
    );

export const funnel: ScenarioInput = {
    raw: {
        events: [
            ...walk("a-f1", [
                ["view_item", "00"],
                ["add_to_cart", "01"],
                ["begin_checkout", "02"],
                ["purchase", "03"],
            ]),
            // add_to_cart before view_item: reaches step 1 only
            ...walk("a-f2", [
                ["add_to_cart", "00"],
                ["view_item", "01"],
            ]),
            // the same instant counts as non-decreasing
            ...walk("a-f3", [
                ["view_item", "00"],
                ["add_to_cart", "00"],
            ]),
            ...walk("a-f4", [["page_view", "00"]]),
            ...walk("a-f5", [
                ["view_item", "00"],
                ["add_to_cart", "05"],
                ["view_item", "06"],
                ["begin_checkout", "07"],
            ]),
            event({
                event_id: "a-f6-0",
                anonymous_id: "a-f6",
                at: "2024-03-01T11:00:00Z",
                page_url: "https://shop.example.com/?utm_source=newsletter&utm_medium=email",
            }),
            event({
                event_id: "a-f6-1",
                anonymous_id: "a-f6",
                event_name: "purchase",
                at: "2024-03-01T11:01:00Z",
                payload: purchase("o-a-f6", 30),
            }),
        ],
    },
};

/** Deduplication and identity stitching, each case on its own devices. */
export const identity: ScenarioInput = {
    raw: {
        events: [
            // a replayed event: the first delivery is kept, the copies are duplicates
            event({ event_id: "replayed", anonymous_id: "a-replay", at: "2024-03-01T09:00:00Z", received_at: "2024-03-01T09:00:01Z" }),
            event({ event_id: "replayed", anonymous_id: "a-replay", at: "2024-03-01T09:00:00Z", received_at: "2024-03-01T09:00:01Z" }),
            event({ event_id: "replayed", anonymous_id: "a-replay", at: "2024-03-01T09:00:00Z", received_at: "2024-03-01T12:00:00Z" }),
            // a replayed purchase: its items count once
            ...[1, 2].map(() =>
                event({
                    event_id: "replayed-buy",
                    anonymous_id: "a-replay-buy",
                    event_name: "purchase",
                    at: "2024-03-01T09:05:00Z",
                    payload: purchase("o-replayed", 20, "USD", [{ product_id: "p1", quantity: 2, item_revenue: 20 }]),
                }),
            ),
            // the same purchase from the browser (first) and the server: the server's row and revenue win
            event({
                event_id: "buy-browser",
                anonymous_id: "a-buy",
                user_id: "u-buy",
                event_name: "purchase",
                at: "2024-03-01T09:10:00Z",
                received_at: "2024-03-01T09:10:01Z",
                payload: purchase("o-both", 99),
            }),
            event({
                event_id: "buy-server",
                anonymous_id: "a-buy",
                user_id: "u-buy",
                event_name: "purchase",
                source: "server",
                platform: "backend",
                page_url: null,
                at: "2024-03-01T09:10:02Z",
                received_at: "2024-03-01T09:10:05Z",
                payload: purchase("o-both", 100),
            }),
            // a browser-only purchase sent twice with different event ids: one order
            event({
                event_id: "twice-1",
                anonymous_id: "a-twice",
                event_name: "purchase",
                at: "2024-03-01T09:20:00Z",
                received_at: "2024-03-01T09:20:01Z",
                payload: purchase("o-twice", 10),
            }),
            event({
                event_id: "twice-2",
                anonymous_id: "a-twice",
                event_name: "purchase",
                at: "2024-03-01T09:20:00Z",
                received_at: "2024-03-01T09:20:09Z",
                payload: purchase("o-twice", 10),
            }),
            // anonymous browsing in two sessions, then a login in the second: both sessions stitch to the user
            event({ event_id: "st-1", anonymous_id: "a-login", at: "2024-03-01T08:00:00Z" }),
            event({ event_id: "st-2", anonymous_id: "a-login", at: "2024-03-01T10:00:00Z" }),
            event({ event_id: "st-3", anonymous_id: "a-login", user_id: "u-login", at: "2024-03-01T10:05:00Z" }),
            event({ event_id: "st-4", anonymous_id: "a-login", at: "2024-03-01T10:06:00Z" }),
            // a shared device seen with two users maps to the latest one
            event({ event_id: "sh-1", anonymous_id: "a-shared", user_id: "u-first", at: "2024-03-01T08:00:00Z" }),
            event({ event_id: "sh-2", anonymous_id: "a-shared", user_id: "u-second", at: "2024-03-01T09:00:00Z" }),
            event({ event_id: "sh-3", anonymous_id: "a-shared", at: "2024-03-01T11:00:00Z" }),
            // never identified
            event({ event_id: "anon", anonymous_id: "a-anon", at: "2024-03-01T08:00:00Z" }),
        ],
    },
};

/**
 * JSON text BigQuery's strict parser (PARSE_JSON) refuses: cut off, Python quotes, empty, a lone
 * surrogate escape, a trailing comma, a number FLOAT64 cannot hold. BigQuery's lenient JSON_VALUE
 * would read some of it; staging quarantines it instead, by column: payload, context, consent (also a
 * consent whose flags are not true/false). A NULL payload means no properties; NULL consent the defaults.
 */
export const malformedJson: ScenarioInput = {
    raw: {
        events: [
            event({ event_id: "bad-truncated", anonymous_id: "a-bad1", payload: '{"order_id": "o-1", "reven' }),
            event({ event_id: "bad-python", anonymous_id: "a-bad2", payload: "{'order_id': 'x'}" }),
            event({ event_id: "bad-empty", anonymous_id: "a-bad3", payload: "" }),
            event({ event_id: "bad-surrogate", anonymous_id: "a-bad5", payload: '{"note": "x\\ud800y"}' }),
            event({ event_id: "bad-comma", anonymous_id: "a-bad6", payload: '{"note": 1,}' }),
            event({ event_id: "bad-number", anonymous_id: "a-bad7", payload: '{"note": 1.234567890123456789}' }),
            event({ event_id: "bad-consent", anonymous_id: "a-bad4", consent: "{analytics: false" }),
            event({ event_id: "bad-consent-flag", anonymous_id: "a-bad8", consent: '{"analytics": "no", "ads": false}' }),
            { ...event({ event_id: "bad-context", anonymous_id: "a-bad9" }), context: '{"page_url": "https://shop.example.com/\\udc00"}' },
            event({ event_id: "ok-pair", anonymous_id: "a-ok2", payload: '{"note": "\\ud83d\\ude00"}' }),
            // valid JSON that is not an object, and an object after JSON's white space
            event({ event_id: "bad-array", anonymous_id: "a-bad10", payload: '[{"order_id": "o-2"}]' }),
            event({ event_id: "bad-string", anonymous_id: "a-bad11", payload: '"{}"' }),
            event({ event_id: "ok-spaced", anonymous_id: "a-ok4", payload: '\n\t {"note": "spaced"}' }),
            event({ event_id: "null-payload", anonymous_id: "a-ok", payload: null }),
            event({ event_id: "null-consent", anonymous_id: "a-ok3", consent: null }),
        ],
    },
};

/**
 * Personal data in every place a producer puts it: e-mail in a sign-up payload and in URLs, phone
 * numbers and IPs in URLs, IPv4 and IPv6 addresses in the context; with and without analytics consent.
 */
export const privacy: ScenarioInput = {
    raw: {
        events: [
            event({
                event_id: "pii-signup",
                anonymous_id: "a-pii",
                event_name: "sign_up",
                payload: { email: "Jane.Doe@Example.com", method: "email" },
                page_url: `${SITE}/welcome?email=jane.doe@example.com&phone=+49%20151%2012345678`,
                referrer: "https://mail.example.org/?to=jane.doe@example.com&ip=198.51.100.23",
            }),
            event({ event_id: "pii-tel", anonymous_id: "a-pii", page_url: `${SITE}/contact/tel:+44-20-7946-0958`, ip: "2001:db8::7" }),
            event({ event_id: "pii-ip-url", anonymous_id: "a-pii", page_url: "http://192.0.2.10/landing?utm_source=newsletter" }),
            event({
                event_id: "pii-denied",
                anonymous_id: "a-pii-denied",
                event_name: "sign_up",
                consent: { analytics: false, ads: false },
                payload: { email: "john@example.com" },
                page_url: `${SITE}/welcome?email=john@example.com`,
            }),
            // quarantined rows keep the row as received (staging only)
            event({ event_id: null, anonymous_id: "a-pii-q", payload: { email: "kept@example.com" }, ip: "203.0.113.99" }),
        ],
    },
};

/** A producer sending an e-mail address as user_id and a phone number as anonymous_id: the PII scan must fail. */
export const privacyLeak: ScenarioInput = {
    raw: {
        events: [
            event({ event_id: "leak-email", user_id: "jane.doe@example.com", anonymous_id: "a-leak" }),
            event({ event_id: "leak-phone", anonymous_id: "+49 151 12345678" }),
        ],
    },
};

/** An order's purchase event, placed (and by default received) at `at`. */
const bought = (orderId: string, at: string, revenue: number, currency = "USD", receivedAt?: string) =>
    event({
        event_id: `ev-${orderId}`,
        anonymous_id: `a-${orderId}`,
        event_name: "purchase",
        at,
        received_at: receivedAt,
        payload: purchase(orderId, revenue, currency),
    });

const reconciliationRaw: RawRows = {
    events: [
        bought("o-match", "2024-03-01T10:00:00Z", 100),
        bought("o-eur", "2024-03-01T11:00:00Z", 50, "EUR"),
        bought("o-gbp", "2024-03-01T11:30:00Z", 10, "GBP"),
        // received two hours after the order
        bought("o-late", "2024-03-01T12:00:00Z", 20, "USD", "2024-03-01T14:00:00Z"),
        bought("o-nobackend", "2024-03-01T13:00:00Z", 10),
        bought("o-cancel", "2024-03-01T13:30:00Z", 5),
        bought("o-diff", "2024-03-01T14:00:00Z", 33),
    ],
    orders: [
        order("o-match", "2024-03-01T10:00:00Z", "100"),
        order("o-eur", "2024-03-01T11:00:00Z", "50", { currency: "EUR" }),
        order("o-gbp", "2024-03-01T11:30:00Z", "10", { currency: "GBP" }),
        order("o-late", "2024-03-01T12:00:00Z", "20"),
        order("o-noevent", "2024-03-01T12:30:00Z", "40"),
        order("o-cancel", "2024-03-01T13:30:00Z", "5", { status: "cancelled" }),
        order("o-diff", "2024-03-01T14:00:00Z", "30"),
        order("o-refund", "2024-03-01T15:00:00Z", "15", { status: "refunded" }),
    ],
    fx_rates: [
        // 2024-03-01 has no EUR rate: the latest earlier one (1.1) applies, not the next (1.2)
        rate("2024-02-29", "EUR", "1.1"),
        rate("2024-03-02", "EUR", "1.2"),
        // no GBP rate on or before the order date: the earliest later one applies
        rate("2024-03-05", "GBP", "1.3"),
    ],
};

/** Ad spend and a backend order in a currency without any FX rate: counted and flagged, never silently left out. */
export const unconvertedMoney: ScenarioInput = {
    raw: {
        events: [bought("o-usd", "2024-03-01T10:00:00Z", 100)],
        orders: [order("o-usd", "2024-03-01T10:00:00Z", "100"), order("o-xyz", "2024-03-01T11:00:00Z", "70", { currency: "XYZ" })],
        ad_spend: [
            {
                spend_date: "2024-03-01",
                source: "google",
                medium: "cpc",
                campaign: "a",
                channel: "Paid Search",
                currency: "USD",
                spend: "30",
            },
            {
                spend_date: "2024-03-01",
                source: "google",
                medium: "cpc",
                campaign: "b",
                channel: "PAID SEARCH",
                currency: "XYZ",
                spend: "40",
            },
            { spend_date: "2024-03-02", source: "gdn", medium: "display", campaign: "c", channel: "Display", currency: "XYZ", spend: "5" },
        ],
    },
    vars: { min_match_rate: "0.5" },
};

/** Thresholds loosened so that the reconciliation assertions pass. */
export const reconciliation: ScenarioInput = { raw: reconciliationRaw, vars: { min_match_rate: "0.5", late_purchase_tolerance: "0.5" } };

/** The same rows with strict thresholds: the match rate (5/7) and the late share (1/5) fail both assertions. */
export const reconciliationStrict: ScenarioInput = {
    raw: reconciliationRaw,
    vars: { min_match_rate: "0.75", late_purchase_tolerance: "0.15", late_purchase_min_orders: "5" },
};

/**
 * The analyst's marts over four months: a customer with orders 15 and 65 days
 * after the first (lifetime value windows, cohort months), one whose 90 days
 * end exactly at the newest event, an unidentified visitor viewing a product
 * the catalogue lacks, and a visitor who refused analytics consent.
 */
export const analyst: ScenarioInput = {
    raw: {
        events: [
            // u1: a paid-search landing, a product viewed, added and bought (2 units), on 2024-01-10
            event({
                event_id: "an-1",
                user_id: "u1",
                anonymous_id: "a-u1",
                at: "2024-01-10T10:00:00Z",
                page_url: `${SITE}/landing?utm_source=google&utm_medium=cpc&utm_campaign=winter`,
                referrer: "https://www.google.com/",
            }),
            event({
                event_id: "an-2",
                user_id: "u1",
                anonymous_id: "a-u1",
                event_name: "view_item",
                at: "2024-01-10T10:01:00Z",
                page_url: `${SITE}/p/p1`,
                payload: { product_id: "p1", price: 20, quantity: 1 },
            }),
            event({
                event_id: "an-3",
                user_id: "u1",
                anonymous_id: "a-u1",
                event_name: "add_to_cart",
                at: "2024-01-10T10:02:00Z",
                page_url: `${SITE}/p/p1`,
                payload: { product_id: "p1", price: 20, quantity: 2 },
            }),
            event({
                event_id: "an-4",
                user_id: "u1",
                anonymous_id: "a-u1",
                event_name: "purchase",
                source: "server",
                platform: "backend",
                at: "2024-01-10T10:03:00Z",
                page_url: null,
                payload: purchase("o1", 40, "USD", [{ product_id: "p1", quantity: 2, item_revenue: 40 }]),
            }),
            // u1 returns 15 days later (a returning user) and orders again; then 65 days after the first order
            event({ event_id: "an-5", user_id: "u1", anonymous_id: "a-u1", at: "2024-01-25T09:00:00Z", page_url: `${SITE}/` }),
            event({
                event_id: "an-6",
                user_id: "u1",
                anonymous_id: "a-u1",
                event_name: "purchase",
                at: "2024-01-25T09:01:00Z",
                page_url: null,
                payload: purchase("o2", 10),
            }),
            event({
                event_id: "an-7",
                user_id: "u1",
                anonymous_id: "a-u1",
                event_name: "purchase",
                at: "2024-03-15T08:00:00Z",
                page_url: null,
                payload: purchase("o3", 100),
            }),
            // u3: ads consent refused; buys in EUR on 2024-02-01 12:00, seen again exactly 90 days later (the newest event)
            event({
                event_id: "an-8",
                user_id: "u3",
                anonymous_id: "a-u3",
                event_name: "purchase",
                at: "2024-02-01T12:00:00Z",
                consent: { analytics: true, ads: false },
                page_url: null,
                payload: purchase("o4", 20, "EUR", [{ product_id: "p2", quantity: 1, item_revenue: 20 }]),
            }),
            event({
                event_id: "an-9",
                user_id: "u3",
                anonymous_id: "a-u3",
                at: "2024-05-01T12:00:00Z",
                consent: { analytics: true, ads: false },
                page_url: `${SITE}/`,
            }),
            // an unidentified visitor views a product raw.products does not list
            event({ event_id: "an-10", anonymous_id: "a-anon", at: "2024-01-10T11:00:00Z", page_url: `${SITE}/` }),
            event({
                event_id: "an-11",
                anonymous_id: "a-anon",
                event_name: "view_item",
                at: "2024-01-10T11:01:00Z",
                page_url: `${SITE}/p/zz9`,
                payload: { product_id: "zz9", price: 5, quantity: 1 },
            }),
            // a visitor from the newsletter who refused analytics consent
            event({
                event_id: "an-12",
                anonymous_id: "a-refused",
                at: "2024-01-10T12:00:00Z",
                consent: { analytics: false, ads: false },
                page_url: `${SITE}/?utm_source=newsletter&utm_medium=email`,
            }),
        ],
        fx_rates: [rate("2024-01-01", "EUR", "1.1")],
        // spend keyed in another case than the sessions' utm parameters, and spend of a campaign without sessions
        ad_spend: [
            {
                spend_date: "2024-01-10",
                source: " Google",
                medium: "CPC",
                campaign: "Winter",
                channel: "Paid Search",
                currency: "USD",
                spend: "50",
                impressions: "1000",
                clicks: "40",
            },
            {
                spend_date: "2024-01-10",
                source: "bing",
                medium: "cpc",
                campaign: "ghost",
                channel: "Paid Search",
                currency: "EUR",
                spend: "20",
                impressions: "500",
                clicks: "10",
            },
        ],
        products: [
            { product_id: "p1", name: "Trail Shoe", category: "shoes", price: "20", unit_cost: "8" },
            { product_id: "p2", name: "Cap", category: "accessories", price: "20", unit_cost: "5" },
        ],
    },
};

/** Every scenario by name, for suites that run them all. */
const DAY_MS = 86_400_000;
/** Noon (UTC) of the day `back` days before the run's day: between 12 and 36 hours ago for yesterday. */
export const noonDaysAgo = (back: number) => `${new Date(Date.now() - back * DAY_MS).toISOString().slice(0, 10)}T12:00:00Z`;

/**
 * The data checks' inputs, dated relative to the run: `perDay` events and one order on each of the seven
 * days before yesterday, `yesterday` events and one order yesterday (`orders: false` leaves raw.orders empty).
 */
export function feed(yesterday: number, options: { perDay?: number; orders?: boolean } = {}): RawRows {
    const { perDay = 4, orders = true } = options;
    const events = [];
    const orderRows = [];
    for (let back = 1; back <= 8; back++) {
        for (let i = 0; i < (back === 1 ? yesterday : perDay); i++) {
            events.push(event({ event_id: `d${back}-${i}`, anonymous_id: `a${back}-${i}`, at: noonDaysAgo(back) }));
        }
        if (orders) orderRows.push(order(`o-${back}`, noonDaysAgo(back), "10"));
    }
    return orders ? { events, orders: orderRows } : { events };
}

/** A feed that dropped yesterday and delivered nothing in the last hour: both data checks fail. */
export const dataChecks: ScenarioInput = { raw: feed(1, { orders: false }), vars: { freshness_max_hours: "1" } };

export const SCENARIOS: Record<string, ScenarioInput> = {
    staging,
    sourceTimezone,
    sessions,
    attribution,
    funnel,
    identity,
    malformedJson,
    privacy,
    privacyLeak,
    unconvertedMoney,
    reconciliation,
    reconciliationStrict,
    dataChecks,
    analyst,
};
