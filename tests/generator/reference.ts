/**
 * An independent reading of generated files: parses the NDJSON and applies the
 * rules of docs/data-contract.md, Semantics (validation, deduplication, consent, bots, identity,
 * sessions, FX) written afresh here, without the generator's code, so tests
 * can hold truth.json against what the files actually say.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import trackingPlan from "../../includes/tracking_plan.js";

export type Json = Record<string, unknown>;

export function readNdjson(path: string): Json[] {
    const text = readFileSync(path, "utf8");
    if (text.length > 0 && !text.endsWith("\n")) throw new Error(`${path} does not end with a newline`);
    return text
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as Json);
}

export interface Dataset {
    events: Json[];
    orders: Json[];
    fxRates: Json[];
    adSpend: Json[];
    products: Json[];
    truth: Json;
}

export function readDataset(dir: string): Dataset {
    return {
        events: readNdjson(join(dir, "events.ndjson")),
        orders: readNdjson(join(dir, "orders.ndjson")),
        fxRates: readNdjson(join(dir, "fx_rates.ndjson")),
        adSpend: readNdjson(join(dir, "ad_spend.ndjson")),
        products: readNdjson(join(dir, "products.ndjson")),
        truth: JSON.parse(readFileSync(join(dir, "truth.json"), "utf8")) as Json,
    };
}

// ---------------------------------------------------------------- the rules, as docs/data-contract.md, Semantics states them

const ALIASES: Record<string, string> = {
    page_view: "page_view",
    page: "page_view",
    "Page Viewed": "page_view",
    view_item: "view_item",
    "Product Viewed": "view_item",
    add_to_cart: "add_to_cart",
    "Product Added": "add_to_cart",
    begin_checkout: "begin_checkout",
    "Checkout Started": "begin_checkout",
    sign_up: "sign_up",
    "Signed Up": "sign_up",
    purchase: "purchase",
    "Order Completed": "purchase",
    order_completed: "purchase",
    checkout_completed: "purchase",
};
const normalize = (name: string) => name.trim().toLowerCase().replace(/ /g, "_");
const PLAN = new Map(Object.entries(ALIASES).map(([alias, canonical]) => [normalize(alias), canonical]));

/** Required properties: alternatives per property (v1 product_id may come as sku). */
const REQUIRED: Record<string, { v1: string[][]; v2: string[][] }> = {
    purchase: { v1: [["orderId"], ["currency"], ["value"]], v2: [["order_id"], ["currency"], ["revenue"]] },
    view_item: { v1: [["product_id", "sku"]], v2: [["product_id"]] },
    add_to_cart: { v1: [["product_id", "sku"]], v2: [["product_id"]] },
};

const BOT_PATTERN = /bot|crawler|spider|slurp|headlesschrome|phantomjs|curl\/|wget\/|python-requests|go-http-client|lighthouse|pingdom/i;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const MINUTE_US = 60_000_000;

export function canonicalName(name: unknown): string | null {
    return typeof name === "string" ? (PLAN.get(normalize(name)) ?? null) : null;
}

/** An RFC 3339 / naive / epoch-ms event_timestamp as microseconds since the epoch; null when unreadable. */
export function parseEventTimestamp(value: unknown): number | null {
    if (typeof value !== "string") return null;
    const text = value.trim();
    if (/^\d{1,15}$/.test(text)) return Number(text) * 1000;
    const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})?$/.exec(text);
    if (!match) return null;
    const [, y, mo, d, h, mi, s, fraction = "", zone] = match;
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    const check = new Date(ms);
    if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return null;
    let offsetMinutes = 0;
    if (zone && zone !== "Z") offsetMinutes = (zone.startsWith("-") ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
    // A naive time is read in source_timezone, UTC by default.
    return (ms - offsetMinutes * 60_000) * 1000 + Number(fraction.padEnd(6, "0"));
}

export function parseReceivedAt(value: unknown): number {
    const micros = parseEventTimestamp(value);
    if (micros === null || typeof value !== "string" || !value.endsWith("Z")) throw new Error(`bad received_at ${String(value)}`);
    return micros;
}

export function timestampFormat(value: unknown): string {
    if (typeof value !== "string" || parseEventTimestamp(value) === null) return "unparseable";
    if (/^\d+$/.test(value)) return "epoch_ms";
    if (value.endsWith("Z")) return "rfc3339_z";
    if (/[+-]\d{2}:\d{2}$/.test(value)) return "rfc3339_offset";
    return "naive";
}

/** A decimal as an integer count of 10^-scale units, exactly. */
export function scaled(value: unknown, scale: number): bigint {
    const text = String(value);
    const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
    if (!match || (match[3] ?? "").length > scale) throw new Error(`not a decimal with at most ${scale} digits: ${text}`);
    const units = BigInt(match[2]! + (match[3] ?? "").padEnd(scale, "0"));
    return match[1] === "-" ? -units : units;
}

export function formatScaled(value: bigint, scale: number): string {
    const digits = value.toString().padStart(scale + 1, "0");
    const fraction = digits.slice(-scale).replace(/0+$/, "");
    return digits.slice(0, -scale) + (fraction ? `.${fraction}` : "");
}

export interface ClassifiedRow {
    row: Json;
    outcome: string;
    eventAtUs: number | null;
    receivedAtUs: number;
    canonical: string | null;
    payload: Json | null;
}

export interface Reference {
    rows: ClassifiedRow[];
    counts: Map<string, number>;
    byReceivedDate: Map<string, Record<string, number>>;
    identity: Map<string, string>;
    /** user_key -> sorted event times (µs) of kept rows. */
    timelines: Map<string, number[]>;
    lateEvents: number;
    lateOverOneDay: number;
    ordersCount: number;
    revenueReporting: string;
    fxFallback: number;
    /** Matched orders (completed or refunded) whose kept purchase arrived more than 60 minutes after created_at. */
    latePurchaseEvents: number;
}

// the reasons and their order are the tracking plan's (the contract); how a row earns one is read afresh here
const QUARANTINE: readonly string[] = trackingPlan.QUARANTINE_REASONS;

function property(payload: Json, names: string[]): unknown {
    for (const name of names) if (payload[name] !== undefined && payload[name] !== null) return payload[name];
    return undefined;
}

/** A \u escape of a surrogate that is not one half of a high-low pair. */
const LONE_SURROGATE = /\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}/;

/** The JSON object a text holds by RFC 8259 (strict: no trailing commas, single quotes, lone surrogates, infinite numbers), else null. */
export function strictObject(text: unknown): Json | null {
    if (typeof text !== "string" || LONE_SURROGATE.test(text)) return null;
    try {
        const parsed: unknown = JSON.parse(text, (_key, value: unknown) => {
            if (typeof value === "number" && !Number.isFinite(value)) throw new Error("out of range");
            return value;
        });
        return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Json) : null;
    } catch {
        return null;
    }
}

/** The context as a producer meant it: its fields, also when the text is broken on purpose. */
export function contextOf(row: Json): Json {
    return JSON.parse(String(row.context).replace(/,}$/, "}")) as Json;
}

const ENUMS = { source: ["server", "browser", "app"], platform: ["web", "ios", "android", "backend"] };

const isAmount = (value: unknown) => typeof value === "number" && value >= 0 && value < 1e29;

function firstReason(
    row: Json,
    knownCurrencies: Set<string>,
): { reason: string | null; eventAtUs: number | null; payload: Json | null; canonical: string | null } {
    const canonical = canonicalName(row.event_name);
    const eventAtUs = parseEventTimestamp(row.event_timestamp);
    const receivedAtUs = parseReceivedAt(row.received_at);
    const payload = strictObject(row.payload);
    const consent = row.consent === null ? null : strictObject(row.consent);
    const result = (reason: string | null) => ({ reason, eventAtUs, payload, canonical });
    const enumValue = (value: unknown) => (typeof value === "string" ? value.trim().toLowerCase() : null);
    if (typeof row.event_id !== "string" || row.event_id.trim() === "") return result("missing_event_id");
    if (row.user_id === null && row.anonymous_id === null) return result("missing_identity");
    if (eventAtUs === null) return result("unparseable_timestamp");
    if (eventAtUs > receivedAtUs + 5 * MINUTE_US) return result("future_timestamp");
    if (
        !ENUMS.source.includes(enumValue(row.source) ?? "") ||
        !ENUMS.platform.includes(enumValue(row.platform) ?? "") ||
        (row.schema_version !== 1 && row.schema_version !== 2)
    )
        return result("invalid_enum");
    if (
        row.consent !== null &&
        (consent === null || ["analytics", "ads"].some((flag) => flag in consent && typeof consent[flag] !== "boolean"))
    )
        return result("invalid_consent");
    if (row.context !== null && strictObject(row.context) === null) return result("invalid_context");
    if (row.payload !== null && payload === null) return result("invalid_payload");
    if (canonical === null) return result("unknown_event");
    const version = row.schema_version === 1 ? "v1" : "v2";
    const required = REQUIRED[canonical]?.[version] ?? [];
    if (required.some((names) => property(payload!, names) === undefined)) return result("missing_required_property");
    if (canonical === "purchase") {
        const currency = String(property(payload!, ["currency"]));
        const items = (payload![version === "v1" ? "products" : "items"] as Json[] | undefined) ?? [];
        const quantities = items.map((item) => item[version === "v1" ? "qty" : "quantity"]);
        if (
            !isAmount(property(payload!, [version === "v1" ? "value" : "revenue"])) ||
            !knownCurrencies.has(currency) ||
            quantities.some((quantity) => !(Number.isInteger(quantity) && Number(quantity) >= 0))
        )
            return result("invalid_value");
    }
    if (canonical === "add_to_cart" && !(Number(payload!.quantity ?? 0) >= 0)) return result("invalid_value");
    return result(null);
}

function pushTo<V>(map: Map<string, V[]>, key: string, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}

function orderIdOf(item: ClassifiedRow): string {
    return String(item.row.schema_version === 1 ? item.payload!.orderId : item.payload!.order_id);
}

/** Classifies every raw row by docs/data-contract.md, Semantics and derives what the marts must show. */
export function classify(data: Dataset): Reference {
    const knownCurrencies = new Set(data.fxRates.map((rate) => String(rate.currency)));
    knownCurrencies.add("USD");
    const rows: ClassifiedRow[] = data.events.map((row) => {
        const { reason, eventAtUs, payload, canonical } = firstReason(row, knownCurrencies);
        return { row, outcome: reason ?? "valid", eventAtUs, receivedAtUs: parseReceivedAt(row.received_at), canonical, payload };
    });

    // Deduplication 1: one row per event_id, the earliest received; on a tie the server's.
    const byEventId = new Map<string, ClassifiedRow[]>();
    for (const item of rows) if (item.outcome === "valid") pushTo(byEventId, String(item.row.event_id), item);
    for (const group of byEventId.values()) {
        group.sort((a, b) => a.receivedAtUs - b.receivedAtUs || Number(b.row.source === "server") - Number(a.row.source === "server"));
        for (const item of group.slice(1)) item.outcome = "duplicate_event_id";
    }
    // Deduplication 2: purchases sharing an order_id across sources; the server's wins, else the earliest.
    const byOrder = new Map<string, ClassifiedRow[]>();
    for (const item of rows) {
        if (item.outcome !== "valid" || item.canonical !== "purchase") continue;
        pushTo(byOrder, orderIdOf(item), item);
    }
    for (const group of byOrder.values()) {
        if (new Set(group.map((item) => item.row.source)).size < 2) continue;
        group.sort((a, b) => Number(b.row.source === "server") - Number(a.row.source === "server") || a.receivedAtUs - b.receivedAtUs);
        for (const item of group.slice(1)) item.outcome = "duplicate_order_id";
    }
    for (const item of rows) {
        if (item.outcome !== "valid") continue;
        const consent = item.row.consent === null ? null : (JSON.parse(String(item.row.consent)) as Json);
        const context = contextOf(item.row);
        if (consent !== null && consent.analytics === false) item.outcome = "consent";
        else if (typeof context.user_agent === "string" && BOT_PATTERN.test(context.user_agent)) item.outcome = "bot";
        else item.outcome = "kept";
    }

    const counts = new Map<string, number>();
    const byReceivedDate = new Map<string, Record<string, number>>();
    let lateEvents = 0;
    let lateOverOneDay = 0;
    for (const item of rows) {
        counts.set(item.outcome, (counts.get(item.outcome) ?? 0) + 1);
        const date = String(item.row.received_at).slice(0, 10);
        const day = byReceivedDate.get(date) ?? { raw: 0, kept: 0, quarantined: 0, duplicates: 0, consent_dropped: 0, bots: 0, late: 0 };
        byReceivedDate.set(date, day);
        day.raw!++;
        const bucket = QUARANTINE.includes(item.outcome)
            ? "quarantined"
            : item.outcome.startsWith("duplicate")
              ? "duplicates"
              : item.outcome === "consent"
                ? "consent_dropped"
                : item.outcome === "bot"
                  ? "bots"
                  : "kept";
        day[bucket]!++;
        if (item.outcome === "kept" && item.receivedAtUs - item.eventAtUs! > 60 * MINUTE_US) {
            lateEvents++;
            day.late!++;
            if (item.receivedAtUs - item.eventAtUs! > 24 * 60 * MINUTE_US) lateOverOneDay++;
        }
    }

    const kept = rows.filter((item) => item.outcome === "kept");
    const identity = new Map<string, string>();
    const identityAt = new Map<string, number>();
    for (const item of kept) {
        const { anonymous_id: anonymousId, user_id: userId } = item.row;
        if (typeof anonymousId !== "string" || typeof userId !== "string") continue;
        if ((identityAt.get(anonymousId) ?? -Infinity) <= item.eventAtUs!) {
            identity.set(anonymousId, userId);
            identityAt.set(anonymousId, item.eventAtUs!);
        }
    }
    const timelines = new Map<string, number[]>();
    for (const item of kept) {
        const userKey =
            (item.row.user_id as string | null) ?? identity.get(item.row.anonymous_id as string) ?? `anon:${String(item.row.anonymous_id)}`;
        pushTo(timelines, userKey, item.eventAtUs!);
    }
    for (const times of timelines.values()) times.sort((a, b) => a - b);

    // fct_orders: kept purchases in USD at the order date's rate, or the latest earlier one.
    const rates = new Map<string, [string, bigint][]>();
    for (const rate of data.fxRates) pushTo(rates, String(rate.currency), [String(rate.rate_date), scaled(rate.usd_rate, 6)]);
    for (const list of rates.values()) list.sort(([a], [b]) => (a < b ? -1 : 1));
    let revenue = 0n;
    let fxFallback = 0;
    const purchases = kept.filter((item) => item.canonical === "purchase");
    for (const item of purchases) {
        const version = item.row.schema_version === 1 ? "v1" : "v2";
        const date = new Date(item.eventAtUs! / 1000).toISOString().slice(0, 10);
        const currency = String(item.payload!.currency);
        const candidates = (
            currency === "USD" && !rates.has("USD") ? [[date, 1_000_000n] as [string, bigint]] : rates.get(currency)!
        ).filter(([rateDate]) => rateDate <= date);
        const [rateDate, rate] = candidates[candidates.length - 1]!;
        if (rateDate !== date) fxFallback++;
        revenue += scaled(item.payload![version === "v1" ? "value" : "revenue"], 2) * rate;
    }

    const receivedByOrder = new Map(purchases.map((item) => [orderIdOf(item), item.receivedAtUs]));
    const latePurchaseEvents = data.orders.filter((order) => {
        const receivedAtUs = receivedByOrder.get(String(order.order_id));
        return (
            (order.status === "completed" || order.status === "refunded") &&
            receivedAtUs !== undefined &&
            receivedAtUs - parseReceivedAt(order.created_at) > 60 * MINUTE_US
        );
    }).length;

    return {
        rows,
        counts,
        byReceivedDate,
        identity,
        timelines,
        lateEvents,
        lateOverOneDay,
        ordersCount: new Set(purchases.map(orderIdOf)).size,
        revenueReporting: formatScaled(revenue, 8),
        fxFallback,
        latePurchaseEvents,
    };
}

/** Sessions per user_key for a timeout: a gap above it starts a new one. */
export function countSessions(timelines: Map<string, number[]>, timeoutMinutes: number): number {
    let sessions = 0;
    for (const times of timelines.values()) {
        for (let i = 0; i < times.length; i++) if (i === 0 || times[i]! - times[i - 1]! > timeoutMinutes * MINUTE_US) sessions++;
    }
    return sessions;
}

export function hasEmail(text: unknown): boolean {
    return typeof text === "string" && EMAIL.test(text);
}
