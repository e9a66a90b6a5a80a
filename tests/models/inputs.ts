/**
 * Raw inputs of the scenario fixtures: row builders with sensible defaults,
 * and loading a scenario's raw tables into any engine. Shared by the model
 * tests (tests/models, DuckDB) and the differential tests (DuckDB vs ZetaSQL).
 */
import { RAW_TABLES } from "../../scripts/tracking/raw-tables.ts";
import type { Engine } from "../../scripts/engines/engine.ts";
import type { Row, SqlValue } from "../../scripts/engines/values.ts";

export type RawTableName = "events" | "orders" | "ad_spend" | "fx_rates" | "products";
export type RawRows = Partial<Record<RawTableName, Row[]>>;

/** Loads every raw table of the contract (missing tables empty, missing columns NULL). */
export async function loadRaw(engine: Engine, raw: RawRows): Promise<void> {
    for (const table of RAW_TABLES) {
        await engine.loadRows({ schema: "raw", name: table.name }, table.columns, raw[table.name as RawTableName] ?? []);
    }
}

let eventCounter = 0;

/** The JSON text of a value, or null. */
const json = (value: unknown): SqlValue => (value === null || value === undefined ? null : JSON.stringify(value));

export interface EventInput {
    event_id?: string | null;
    event_name?: string;
    /** event_timestamp as sent; defaults to `at` in RFC 3339. */
    event_timestamp?: string | null;
    /** When it happened and (unless received_at is given) when it arrived, ISO UTC. */
    at?: string;
    received_at?: string;
    user_id?: string | null;
    anonymous_id?: string | null;
    source?: string;
    platform?: string;
    schema_version?: number;
    consent?: { analytics?: boolean; ads?: boolean } | null | string;
    page_url?: string | null;
    referrer?: string | null;
    user_agent?: string;
    ip?: string | null;
    /** JSON payload object, or a raw string to send as is. */
    payload?: Record<string, unknown> | string | null;
}

/** A raw.events row with sensible defaults: a consented browser page_view of anonymous device a1. */
export function event(input: EventInput = {}): Row {
    eventCounter += 1;
    const at = input.at ?? "2024-03-01T10:00:00Z";
    return {
        event_id: input.event_id === undefined ? `e${String(eventCounter).padStart(5, "0")}` : input.event_id,
        event_name: input.event_name ?? "page_view",
        event_timestamp: input.event_timestamp === undefined ? at : input.event_timestamp,
        received_at: input.received_at ?? at,
        user_id: input.user_id ?? null,
        anonymous_id: input.anonymous_id === undefined ? "a1" : input.anonymous_id,
        source: input.source ?? "browser",
        platform: input.platform ?? "web",
        schema_version: String(input.schema_version ?? 2),
        consent:
            typeof input.consent === "string"
                ? input.consent
                : json(input.consent === undefined ? { analytics: true, ads: true } : input.consent),
        context: json({
            page_url: input.page_url === undefined ? "https://shop.example.com/" : input.page_url,
            page_referrer: input.referrer ?? null,
            user_agent: input.user_agent ?? "Mozilla/5.0 (X11; Linux x86_64) Firefox/124.0",
            ip: input.ip === undefined ? "203.0.113.7" : input.ip,
            locale: "en-US",
        }),
        payload: typeof input.payload === "string" ? input.payload : json(input.payload === undefined ? {} : input.payload),
    };
}

/** A version 2 purchase payload. */
export function purchase(
    orderId: string,
    revenue: number,
    currency = "USD",
    items: { product_id: string; quantity: number; item_revenue: number }[] = [],
): Record<string, unknown> {
    return { order_id: orderId, currency, revenue, tax: 0, shipping: 0, items };
}

/** A raw.orders row. */
export function order(
    orderId: string,
    createdAt: string,
    revenue: string,
    options: { status?: string; currency?: string; user_id?: string } = {},
): Row {
    return {
        order_id: orderId,
        user_id: options.user_id ?? null,
        created_at: createdAt,
        status: options.status ?? "completed",
        currency: options.currency ?? "USD",
        revenue,
        tax: "0",
        shipping: "0",
        updated_at: createdAt,
    };
}

/** A raw.fx_rates row. */
export function rate(rateDate: string, currency: string, usdRate: string): Row {
    return { rate_date: rateDate, currency, usd_rate: usdRate };
}
