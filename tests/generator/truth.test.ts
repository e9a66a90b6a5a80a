/**
 * The files say what truth.json says: every injected defect is counted back
 * from the NDJSON by an independent reading (reference.ts) and compared with
 * the generator's own accounting.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import trackingPlan from "../../includes/tracking_plan.js";
import { RAW_TABLES } from "../../scripts/tracking/raw-tables.ts";
import { DEFAULT_RATES, type GeneratorOptions } from "../../scripts/tracking/generator/config.ts";
import { generate } from "../../scripts/tracking/generator/run.ts";
import {
    classify,
    contextOf,
    countSessions,
    type Dataset,
    hasEmail,
    type Json,
    readDataset,
    type Reference,
    timestampFormat,
} from "./reference.ts";

const QUARANTINE_REASONS: readonly string[] = trackingPlan.QUARANTINE_REASONS;

// Small, with the rarer defects made more frequent so every kind occurs.
const OPTIONS: Omit<GeneratorOptions, "out"> = {
    days: 6,
    users: 800,
    seed: 11,
    start: "2024-03-01",
    rates: {
        ...DEFAULT_RATES,
        missingEventId: 0.01,
        missingIdentity: 0.01,
        unparseableTimestamp: 0.01,
        futureTimestamp: 0.01,
        invalidEnum: 0.01,
        invalidConsent: 0.01,
        invalidContext: 0.01,
        invalidPayload: 0.01,
        unknownEvent: 0.1,
        missingRequiredProperty: 0.05,
        invalidValue: 0.1,
        replay: 0.03,
        lateBrowser: 0.02,
        latePurchase: 0.05,
        emailInUrl: 0.5,
        secondAccount: 0.3,
    },
};

let dir: string;
let data: Dataset;
let truth: Json;
let reference: Reference;

beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "generator-truth-"));
    await generate({ ...OPTIONS, out: dir });
    data = readDataset(dir);
    truth = data.truth;
    reference = classify(data);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const count = (outcome: string) => reference.counts.get(outcome) ?? 0;

describe("files match the input contract", () => {
    const TYPE_CHECKS: Record<string, (value: unknown) => boolean> = {
        STRING: (value) => typeof value === "string",
        INT64: (value) => Number.isSafeInteger(value),
        NUMERIC: (value) => typeof value === "string" && /^-?\d+(\.\d{1,9})?$/.test(value),
        DATE: (value) => typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value),
        TIMESTAMP: (value) => typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(value),
    };
    const tables: [string, () => Json[]][] = [
        ["events", () => data.events],
        ["orders", () => data.orders],
        ["ad_spend", () => data.adSpend],
        ["fx_rates", () => data.fxRates],
        ["products", () => data.products],
    ];

    it.each(tables)("every %s line has exactly the contract's columns, in order, with their types", (name, rows) => {
        const table = RAW_TABLES.find((item) => item.name === name)!;
        expect(rows().length).toBeGreaterThan(0);
        const problems: string[] = [];
        for (const [index, row] of rows().entries()) {
            const keys = Object.keys(row);
            if (keys.join(",") !== table.columns.map((column) => column.name).join(","))
                problems.push(`line ${index + 1}: columns ${keys.join(",")}`);
            for (const column of table.columns) {
                const value = row[column.name];
                if (value !== null && !TYPE_CHECKS[column.type]!(value))
                    problems.push(`line ${index + 1}: ${column.name} ${JSON.stringify(value)} is not ${column.type}`);
            }
            if (problems.length > 5) break;
        }
        expect(problems).toEqual([]);
    });

    it("never leaves received_at, source or platform empty, and keeps consent and context JSON text, except where it breaks them on purpose", () => {
        const broken = new Set(
            reference.rows
                .filter((item) => ["invalid_enum", "invalid_consent", "invalid_context"].includes(item.outcome))
                .map((item) => item.row),
        );
        for (const row of data.events.filter((event) => !broken.has(event))) {
            expect(row.received_at).not.toBeNull();
            expect(["server", "browser", "app"]).toContain(row.source);
            expect(["web", "ios", "android", "backend"]).toContain(row.platform);
            expect([1, 2]).toContain(row.schema_version);
            if (row.consent !== null) expect(Object.keys(JSON.parse(String(row.consent)) as Json).sort()).toEqual(["ads", "analytics"]);
            expect(Object.keys(JSON.parse(String(row.context)) as Json)).toEqual([
                "page_url",
                "page_referrer",
                "user_agent",
                "ip",
                "locale",
            ]);
        }
    });
});

describe("every raw row is accounted for", () => {
    it("raw = kept + quarantined + duplicates + consent-dropped + bots, overall", () => {
        const duplicates = truth.duplicates_removed as { event_id: number; order_id: number; total: number };
        expect(duplicates.total).toBe(duplicates.event_id + duplicates.order_id);
        const reasons = Object.values(truth.quarantine_by_reason as Record<string, number>).reduce((sum, value) => sum + value, 0);
        expect(reasons).toBe(truth.quarantined_events);
        expect(truth.raw_events).toBe(data.events.length);
        expect(Number(truth.kept_events) + reasons + duplicates.total + Number(truth.consent_dropped) + Number(truth.bots)).toBe(
            data.events.length,
        );
    });

    it("and per received date, where the reading of the files agrees", () => {
        const byDate = truth.by_received_date as Record<string, Record<string, number>>;
        for (const day of Object.values(byDate)) {
            expect(day.kept! + day.quarantined! + day.duplicates! + day.consent_dropped! + day.bots!).toBe(day.raw);
        }
        expect(byDate).toEqual(Object.fromEntries([...reference.byReceivedDate.entries()].sort(([a], [b]) => (a < b ? -1 : 1))));
    });
});

describe("each defect kind, counted back from the files", () => {
    it.each(QUARANTINE_REASONS)("quarantine reason %s", (reason) => {
        expect(count(reason)).toBeGreaterThan(0);
        expect((truth.quarantine_by_reason as Record<string, number>)[reason]).toBe(count(reason));
    });

    it("lists every reason of docs/data-contract.md, Semantics and no other", () => {
        expect(Object.keys(truth.quarantine_by_reason as Json)).toEqual(QUARANTINE_REASONS);
    });

    it("event_id replays and browser+server purchase pairs", () => {
        expect(count("duplicate_event_id")).toBeGreaterThan(0);
        expect(count("duplicate_order_id")).toBeGreaterThan(0);
        expect(truth.duplicates_removed).toEqual({
            event_id: count("duplicate_event_id"),
            order_id: count("duplicate_order_id"),
            total: count("duplicate_event_id") + count("duplicate_order_id"),
        });
    });

    it("replays are copies with the same event_id; pairs share order_id with different event_ids", () => {
        const byId = new Map<string, Json[]>();
        for (const row of data.events)
            if (typeof row.event_id === "string") byId.set(row.event_id, [...(byId.get(row.event_id) ?? []), row]);
        const replayed = [...byId.values()].filter((rows) => rows.length > 1);
        expect(replayed.length).toBeGreaterThan(0);
        for (const rows of replayed) {
            const withoutArrival = rows.map(({ received_at: _receivedAt, ...rest }) => JSON.stringify(rest));
            expect(new Set(withoutArrival).size).toBe(1);
        }
        const pairs = reference.rows.filter((item) => item.outcome === "duplicate_order_id");
        for (const item of pairs) {
            const orderId = item.payload!.order_id ?? item.payload!.orderId;
            const winner = reference.rows.find(
                (other) =>
                    other.outcome === "kept" &&
                    other.canonical === "purchase" &&
                    (other.payload!.order_id ?? other.payload!.orderId) === orderId,
            );
            expect(winner?.row.source).toBe("server");
            expect(winner?.row.event_id).not.toBe(item.row.event_id);
        }
    });

    it("consent denied rows, bots and late events", () => {
        expect(count("consent")).toBeGreaterThan(0);
        expect(count("bot")).toBeGreaterThan(0);
        expect(truth.consent_dropped).toBe(count("consent"));
        expect(truth.bots).toBe(count("bot"));
        expect(truth.kept_events).toBe(count("kept"));
        expect(reference.lateEvents).toBeGreaterThan(0);
        expect(reference.lateOverOneDay).toBeGreaterThan(0);
        expect(truth.late_events).toBe(reference.lateEvents);
        expect(truth.late_events_over_one_day).toBe(reference.lateOverOneDay);
    });

    it("late rows are hours late and on-time rows seconds, so the 60-minute threshold is unambiguous", () => {
        const latencies = reference.rows
            .filter((item) => item.outcome === "kept")
            .map((item) => (item.receivedAtUs - item.eventAtUs!) / 60_000_000);
        expect(latencies.filter((minutes) => minutes > 1 && minutes < 120)).toEqual([]);
        expect(latencies.some((minutes) => minutes < 0)).toBe(true); // skewed clocks, within the 5-minute tolerance
    });

    it("each event_timestamp format, legacy payloads, aliases and casing, missing consent", () => {
        const formats = new Map<string, number>();
        for (const row of data.events)
            formats.set(timestampFormat(row.event_timestamp), (formats.get(timestampFormat(row.event_timestamp)) ?? 0) + 1);
        expect([...formats.keys()].sort()).toEqual(["epoch_ms", "naive", "rfc3339_offset", "rfc3339_z", "unparseable"]);
        expect(truth.timestamp_formats).toEqual(Object.fromEntries([...formats.entries()].sort(([a], [b]) => (a < b ? -1 : 1))));

        const legacy = data.events.filter((row) => row.schema_version === 1);
        expect(legacy.some((row) => String(row.payload).includes('"orderId"'))).toBe(true);
        expect(truth.schema_version_1_rows).toBe(legacy.length);

        const aliased = reference.rows.filter((item) => item.canonical !== null && item.row.event_name !== item.canonical);
        expect(new Set(aliased.map((item) => item.row.event_name)).size).toBeGreaterThan(10);
        expect(truth.aliased_name_rows).toBe(aliased.length);

        expect(truth.consent_null_rows).toBe(data.events.filter((row) => row.consent === null).length);
        expect(reference.rows.some((item) => item.outcome === "kept" && item.row.consent === null)).toBe(true);
    });

    it("raw e-mail addresses and IP addresses", () => {
        const withEmail = data.events.filter((row) => hasEmail(row.payload) || hasEmail(contextOf(row).page_url));
        const ips = data.events.map((row) => contextOf(row).ip).filter((ip): ip is string => typeof ip === "string");
        expect(withEmail.some((row) => hasEmail(contextOf(row).page_url))).toBe(true);
        expect(truth.privacy).toEqual({
            rows_with_email: withEmail.length,
            rows_with_ipv4: ips.filter((ip) => !ip.includes(":")).length,
            rows_with_ipv6: ips.filter((ip) => ip.includes(":")).length,
        });
    });
});

describe("marts' numbers", () => {
    it("identity: the latest user_id of each anonymous_id, including devices that switched accounts", () => {
        expect(truth.identity).toEqual(Object.fromEntries([...reference.identity.entries()].sort(([a], [b]) => (a < b ? -1 : 1))));
        const idsPerAnonymous = new Map<string, Set<string>>();
        for (const item of reference.rows) {
            if (item.outcome !== "kept" || typeof item.row.anonymous_id !== "string" || typeof item.row.user_id !== "string") continue;
            idsPerAnonymous.set(item.row.anonymous_id, (idsPerAnonymous.get(item.row.anonymous_id) ?? new Set()).add(item.row.user_id));
        }
        expect([...idsPerAnonymous.values()].some((ids) => ids.size > 1)).toBe(true);
    });

    it("identity does not depend on which rows are read or what 'latest' orders by", () => {
        const latest = (include: (outcome: string) => boolean, at: (item: (typeof reference.rows)[number]) => number | null) => {
            const map = new Map<string, [number, string]>();
            for (const item of reference.rows) {
                const { anonymous_id: anonymousId, user_id: userId } = item.row;
                const time = at(item);
                if (typeof anonymousId !== "string" || typeof userId !== "string" || !include(item.outcome) || time === null) continue;
                if ((map.get(anonymousId)?.[0] ?? -Infinity) <= time) map.set(anonymousId, [time, userId]);
            }
            return Object.fromEntries(
                [...map.entries()].map(([anonymousId, [, userId]]) => [anonymousId, userId]).sort(([a], [b]) => (a! < b! ? -1 : 1)),
            );
        };
        const notFuture = (item: (typeof reference.rows)[number]) => (item.outcome === "future_timestamp" ? null : item.eventAtUs);
        expect(latest(() => true, notFuture)).toEqual(truth.identity);
        expect(
            latest(
                () => true,
                (item) => item.receivedAtUs,
            ),
        ).toEqual(truth.identity);
        expect(
            latest(
                (outcome) => !QUARANTINE_REASONS.includes(outcome),
                (item) => item.receivedAtUs,
            ),
        ).toEqual(truth.identity);
    });

    it("sessions_count is the 30-minute sessionization of kept events per user_key", () => {
        expect(truth.sessions_count).toBe(countSessions(reference.timelines, 30));
        expect(truth.user_keys_count).toBe(reference.timelines.size);
    });

    it("fct_orders count and revenue in USD at the order date's rate, with fallback days exercised", () => {
        expect(truth.fct_orders_count).toBe(reference.ordersCount);
        expect(truth.fct_orders_revenue_reporting).toBe(reference.revenueReporting);
        expect(reference.fxFallback).toBeGreaterThan(0);
        expect(truth.fct_orders_fx_fallback).toBe(reference.fxFallback);
        expect(new Set(data.orders.map((order) => order.currency)).size).toBeGreaterThanOrEqual(4);
    });

    it("purchase events received more than 60 minutes after their order, counted as reconciliation shows them", () => {
        expect(reference.latePurchaseEvents).toBeGreaterThan(0);
        expect((truth.reconciliation as Json).late_purchase_events).toBe(reference.latePurchaseEvents);
    });

    it("backend orders: completed or refunded, with cancellations and orders whose events never arrive", () => {
        const statuses = data.orders.map((order) => order.status);
        expect(truth.backend_orders_count).toBe(statuses.filter((status) => status === "completed" || status === "refunded").length);
        expect(statuses).toContain("cancelled");
        expect(statuses).toContain("refunded");
        const eventOrders = new Set(
            reference.rows
                .filter((item) => item.outcome === "kept" && item.canonical === "purchase")
                .map((item) => String(item.payload!.order_id ?? item.payload!.orderId)),
        );
        expect(data.orders.some((order) => !eventOrders.has(String(order.order_id)))).toBe(true);
    });
});

describe("sessions are unambiguous", () => {
    it("consecutive kept events of a user_key are under 25 minutes or over 110 minutes apart", () => {
        const ambiguous: number[] = [];
        for (const times of reference.timelines.values()) {
            for (let i = 1; i < times.length; i++) {
                const minutes = (times[i]! - times[i - 1]!) / 60_000_000;
                if (minutes >= 25 && minutes <= 110) ambiguous.push(minutes);
            }
        }
        expect(ambiguous).toEqual([]);
        expect(countSessions(reference.timelines, 25)).toBe(countSessions(reference.timelines, 110));
    });

    it("no session spans 25 minutes, so rows removed from it never open a gap the timeout would split", () => {
        const longest: number[] = [];
        for (const times of reference.timelines.values()) {
            let start = times[0]!;
            for (let i = 1; i <= times.length; i++) {
                if (i === times.length || times[i]! - times[i - 1]! > 30 * 60_000_000) {
                    longest.push((times[i - 1]! - start) / 60_000_000);
                    start = times[i]!;
                }
            }
        }
        expect(longest.length).toBe(truth.sessions_count);
        expect(Math.max(...longest)).toBeLessThan(25);
        expect(Math.max(...longest)).toBeGreaterThan(10);
    });
});
