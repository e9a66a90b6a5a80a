/**
 * truth.json: what the marts must show for the generated files, computed from
 * the fate the generator gave every raw row (defects.ts), never by reading the
 * files back. Definitions (docs/data-contract.md, Semantics with the vars at their defaults:
 * reporting_currency USD, reporting_timezone and source_timezone UTC,
 * session_timeout_minutes 30, late_threshold_minutes 60):
 *
 * - raw_events: rows of events.ndjson. Every row ends in exactly one of
 *   kept_events, quarantined_events, duplicates_removed.total, consent_dropped,
 *   bots; the same holds per received date in by_received_date.
 * - quarantine_by_reason: {reason: rows}, every reason of docs/data-contract.md, Semantics listed
 *   (0 when none). A quarantined row has exactly one defect, so the
 *   first-reason-wins order cannot change a count. invalid_payload: a payload
 *   that is not a JSON object as BigQuery's strict parser (PARSE_JSON) reads
 *   one: cut off, Python quotes, a trailing comma or a lone surrogate escape
 *   (the lenient JSON functions would read some of these).
 * - duplicates_removed: {event_id, order_id, total}. event_id: replays, exact
 *   copies of a kept row received at the same instant or later (step 1 keeps
 *   the earliest). order_id: the browser/app purchase of an order whose server
 *   purchase also survived quarantine (step 2 keeps the server's).
 * - consent_dropped: rows with consent.analytics = false. Rows with null
 *   consent are kept (consent_default_analytics = granted). No such row has
 *   another defect.
 * - bots: rows of crawlers, whose user agents contain "bot" or "spider"
 *   (var bot_patterns matches them; no human or server agent matches any
 *   default pattern); otherwise valid, with analytics consent true.
 * - late_events: kept rows with received_at - event_at > 60 minutes. Late
 *   rows are 2 to 50 hours late, on-time rows at most about 15 s, so any
 *   threshold between 1 and 120 minutes gives the same count.
 * - identity: {anonymous_id: user_id} over kept rows, the user_id of the row
 *   with the latest event_at among those carrying both ids. An anonymous_id
 *   with two user_ids (a second account) lies on a device that gets no defect,
 *   and every (anonymous_id, user_id) pair has a kept row, so the map is the
 *   same whether rejected or duplicate rows are looked at and whether "latest"
 *   means event time or arrival.
 * - sessions_count: sessions of kept rows, per user_key (user_id, else the
 *   identity of the anonymous_id, else 'anon:' || anonymous_id), a new session
 *   when the gap to the previous event exceeds 30 minutes. Within a session
 *   events are at most 120 s apart and a session spans at most about 22
 *   minutes (so removed rows never open a gap of 25), between a person's
 *   sessions at least 2 hours pass, so any timeout from 25 to 110 minutes
 *   gives the same count. sessions_by_date: by the UTC date of
 *   the session's first event.
 * - fct_orders_count: orders with a kept purchase row (exactly one per order
 *   after the rules), cancelled and not-in-backend orders included.
 * - fct_orders_revenue_reporting: the sum over those orders of the kept row's
 *   revenue (payload revenue, v1 value; excludes tax and shipping) times
 *   usd_rate of the order date (UTC date of event_at; the latest earlier rate
 *   when that date has none). Exact, not rounded: revenue has at most 2
 *   decimals and usd_rate 6, so each product has at most 8 (NUMERIC keeps 9).
 *   fct_orders_revenue_reporting_rounded: the sum of each order's amount
 *   rounded to cents (half away from zero), for marts that round per order.
 *   fct_orders_fx_fallback: orders whose date had no rate of their currency.
 * - backend_orders_count: rows of orders.ndjson with status completed or
 *   refunded. reconciliation: backend (completed/refunded) vs fct_orders by
 *   order_id; missing_in_backend counts event orders not among those backend
 *   orders (absent from the export, or cancelled: event_orders_cancelled);
 *   late_purchase_events: matched orders whose kept purchase event was
 *   received more than 60 minutes after the order's created_at (late app
 *   sessions and server purchases held up in a queue, 2 to 50 hours late).
 * - Counts of every other input defect over raw rows (timestamp_formats,
 *   schema_version_1_rows, aliased_name_rows, consent_null_rows, privacy).
 */
import type { GeneratorOptions } from "./config.ts";
import { currency, type FxTable } from "./world.ts";
import { type EventRow, type Fate, type Order, QUARANTINE_REASONS, type QuarantineReason } from "./model.ts";
import { addDays, isoDateOfMs, MINUTE_MS } from "./time.ts";
import { MartsTruthBuilder, type MartsTruth } from "./truth-marts.ts";

export const SESSION_TIMEOUT_MINUTES = 30;
export const LATE_THRESHOLD_MINUTES = 60;
export const REPORTING_CURRENCY = "USD";
/** Finds raw e-mail addresses in payloads and URLs. */
export const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

interface DayCounts {
    raw: number;
    kept: number;
    quarantined: number;
    duplicates: number;
    consent_dropped: number;
    bots: number;
    late: number;
}

/** The keys of truth-marts.ts (customers, products, pages, consent, ad spend) are defined in its header. */
export interface Truth extends MartsTruth {
    fct_orders_count: number;
    fct_orders_revenue_reporting: string;
    fct_orders_revenue_reporting_rounded: string;
    fct_orders_fx_fallback: number;
    backend_orders_count: number;
    sessions_count: number;
    quarantine_by_reason: Record<QuarantineReason, number>;
    duplicates_removed: { event_id: number; order_id: number; total: number };
    consent_dropped: number;
    bots: number;
    late_events: number;
    late_events_over_one_day: number;
    raw_events: number;
    kept_events: number;
    quarantined_events: number;
    user_keys_count: number;
    kept_by_event_name: Record<string, number>;
    backend_orders_by_status: Record<string, number>;
    reconciliation: {
        matched: number;
        missing_in_events: number;
        missing_in_backend: number;
        event_orders_cancelled: number;
        late_purchase_events: number;
    };
    timestamp_formats: Record<string, number>;
    schema_version_1_rows: number;
    aliased_name_rows: number;
    consent_null_rows: number;
    privacy: { rows_with_email: number; rows_with_ipv4: number; rows_with_ipv6: number };
    by_received_date: Record<string, DayCounts>;
    sessions_by_date: Record<string, number>;
    fct_orders_by_date: Record<string, { count: number; revenue_reporting: string }>;
    parameters: Record<string, unknown>;
    identity: Record<string, string>;
}

const LATE_US = LATE_THRESHOLD_MINUTES * MINUTE_MS * 1000;
const DAY_US = 24 * 60 * MINUTE_MS * 1000;
const SESSION_TIMEOUT_MS = SESSION_TIMEOUT_MINUTES * MINUTE_MS;

export class TruthBuilder {
    private readonly fateCounts = new Map<Fate, number>();
    private readonly byDate = new Map<string, DayCounts>();
    private readonly keptByName = new Map<string, number>();
    private readonly formats = new Map<string, number>();
    private readonly sessionsByDate = new Map<string, number>();
    private readonly ordersByDate = new Map<string, { count: number; revenue: bigint }>();
    private readonly identity = new Map<string, string>();
    private readonly statuses = new Map<string, number>([
        ["completed", 0],
        ["refunded", 0],
        ["cancelled", 0],
    ]);
    private readonly reconciliation = {
        matched: 0,
        missing_in_events: 0,
        missing_in_backend: 0,
        event_orders_cancelled: 0,
        late_purchase_events: 0,
    };
    private rawEvents = 0;
    private lateEvents = 0;
    private lateOverOneDay = 0;
    private sessions = 0;
    private userKeys = 0;
    private orderCount = 0;
    private revenue = 0n;
    private revenueRounded = 0n;
    private fxFallback = 0;
    private schemaV1 = 0;
    private aliased = 0;
    private consentNull = 0;
    private privacy = { rows_with_email: 0, rows_with_ipv4: 0, rows_with_ipv6: 0 };
    private readonly marts: MartsTruthBuilder;

    constructor(
        private readonly options: GeneratorOptions,
        private readonly bots: number,
        private readonly fx: FxTable,
    ) {
        this.marts = new MartsTruthBuilder(fx);
    }

    addPerson(rows: readonly EventRow[], orders: readonly Order[]): void {
        const kept: EventRow[] = [];
        for (const row of rows) {
            this.addRow(row);
            if (row.fate === "kept") kept.push(row);
        }
        this.addSessions(kept);
        this.addOrders(kept, orders);
        this.marts.addPerson(rows, (row) => row.userId ?? this.identity.get(row.anonymousId!) ?? `anon:${row.anonymousId}`);
    }

    private addRow(row: EventRow): void {
        this.rawEvents++;
        increment(this.fateCounts, row.fate);
        const date = isoDateOfMs(Math.floor(row.receivedAtUs / 1000));
        let day = this.byDate.get(date);
        if (!day) this.byDate.set(date, (day = { raw: 0, kept: 0, quarantined: 0, duplicates: 0, consent_dropped: 0, bots: 0, late: 0 }));
        day.raw++;
        if (row.fate === "kept") {
            day.kept++;
            increment(this.keptByName, row.canonical!);
            const latency = row.receivedAtUs - row.eventAtMs * 1000;
            if (latency > LATE_US) {
                day.late++;
                this.lateEvents++;
                if (latency > DAY_US) this.lateOverOneDay++;
            }
        } else if (row.fate === "duplicate_event_id" || row.fate === "duplicate_order_id") day.duplicates++;
        else if (row.fate === "consent") day.consent_dropped++;
        else if (row.fate === "bot") day.bots++;
        else day.quarantined++;

        increment(this.formats, row.timestampOverride !== undefined ? "unparseable" : row.timestampFormat);
        const writtenVersion =
            row.enumOverrides && "schemaVersion" in row.enumOverrides ? row.enumOverrides.schemaVersion : row.schemaVersion;
        if (writtenVersion === 1) this.schemaV1++;
        if (row.canonical !== null && row.name !== row.canonical) this.aliased++;
        if (row.consent === null) this.consentNull++;
        // Only sign_up payloads carry an address (a malformed payload may be a cut-off sign_up).
        const payloadText = row.payloadText ?? (row.canonical === "sign_up" ? JSON.stringify(row.payload) : "");
        if (hasEmail(payloadText) || (row.pageUrl !== null && hasEmail(row.pageUrl))) this.privacy.rows_with_email++;
        if (row.ip !== null) {
            if (row.ip.includes(":")) this.privacy.rows_with_ipv6++;
            else this.privacy.rows_with_ipv4++;
        }
    }

    /** Identity and sessions of one person's kept rows; people never share ids, so this is exact. */
    private addSessions(kept: readonly EventRow[]): void {
        const latest = new Map<string, { at: number; userId: string }>();
        for (const row of kept) {
            if (row.anonymousId === null || row.userId === null) continue;
            const seen = latest.get(row.anonymousId);
            if (!seen || row.eventAtMs >= seen.at) latest.set(row.anonymousId, { at: row.eventAtMs, userId: row.userId });
        }
        for (const [anonymousId, { userId }] of latest) this.identity.set(anonymousId, userId);

        const byKey = new Map<string, number[]>();
        for (const row of kept) {
            const key = row.userId ?? latest.get(row.anonymousId!)?.userId ?? `anon:${row.anonymousId}`;
            const times = byKey.get(key);
            if (times) times.push(row.eventAtMs);
            else byKey.set(key, [row.eventAtMs]);
        }
        this.userKeys += byKey.size;
        for (const times of byKey.values()) {
            times.sort((a, b) => a - b);
            for (let i = 0; i < times.length; i++) {
                if (i === 0 || times[i]! - times[i - 1]! > SESSION_TIMEOUT_MS) {
                    this.sessions++;
                    increment(this.sessionsByDate, isoDateOfMs(times[i]!));
                }
            }
        }
    }

    private addOrders(kept: readonly EventRow[], orders: readonly Order[]): void {
        /** order_id -> when its kept purchase event was received */
        const eventOrders = new Map<string, number>();
        for (const row of kept) {
            if (row.canonical !== "purchase" || row.orderId === null) continue;
            eventOrders.set(row.orderId, row.receivedAtUs);
            const date = isoDateOfMs(row.eventAtMs);
            const amount = reportingAmount(row.revenueMinor!, row.currency!, this.fx.rateMicro(row.currency!, date)!);
            if (!this.fx.hasRate(row.currency!, date)) this.fxFallback++;
            this.orderCount++;
            this.revenue += amount;
            this.revenueRounded += (amount + 500_000n) / 1_000_000n;
            const day = this.ordersByDate.get(date) ?? { count: 0, revenue: 0n };
            day.count++;
            day.revenue += amount;
            this.ordersByDate.set(date, day);
        }
        const backend = new Set<string>();
        for (const order of orders) {
            if (!order.inBackend) continue;
            increment(this.statuses, order.status);
            if (order.status === "cancelled") {
                if (eventOrders.has(order.orderId)) this.reconciliation.event_orders_cancelled++;
                continue;
            }
            backend.add(order.orderId);
            const receivedAtUs = eventOrders.get(order.orderId);
            if (receivedAtUs === undefined) this.reconciliation.missing_in_events++;
            else {
                this.reconciliation.matched++;
                if (receivedAtUs - order.createdAtMs * 1000 > LATE_US) this.reconciliation.late_purchase_events++;
            }
        }
        for (const orderId of eventOrders.keys()) if (!backend.has(orderId)) this.reconciliation.missing_in_backend++;
    }

    finish(): Truth {
        const count = (fate: Fate) => this.fateCounts.get(fate) ?? 0;
        const quarantine = Object.fromEntries(QUARANTINE_REASONS.map((reason) => [reason, count(reason)])) as Record<
            QuarantineReason,
            number
        >;
        const quarantined = QUARANTINE_REASONS.reduce((sum, reason) => sum + count(reason), 0);
        const duplicates = { event_id: count("duplicate_event_id"), order_id: count("duplicate_order_id"), total: 0 };
        duplicates.total = duplicates.event_id + duplicates.order_id;
        const { days, users, seed, start, rates } = this.options;
        return {
            fct_orders_count: this.orderCount,
            fct_orders_revenue_reporting: formatScaled(this.revenue, 8),
            fct_orders_revenue_reporting_rounded: formatScaled(this.revenueRounded, 2),
            fct_orders_fx_fallback: this.fxFallback,
            backend_orders_count: (this.statuses.get("completed") ?? 0) + (this.statuses.get("refunded") ?? 0),
            sessions_count: this.sessions,
            quarantine_by_reason: quarantine,
            duplicates_removed: duplicates,
            consent_dropped: count("consent"),
            bots: count("bot"),
            late_events: this.lateEvents,
            late_events_over_one_day: this.lateOverOneDay,
            raw_events: this.rawEvents,
            kept_events: count("kept"),
            quarantined_events: quarantined,
            user_keys_count: this.userKeys,
            kept_by_event_name: sortedRecord(this.keptByName),
            backend_orders_by_status: Object.fromEntries(this.statuses),
            reconciliation: { ...this.reconciliation },
            timestamp_formats: sortedRecord(this.formats),
            schema_version_1_rows: this.schemaV1,
            aliased_name_rows: this.aliased,
            consent_null_rows: this.consentNull,
            privacy: { ...this.privacy },
            by_received_date: sortedRecord(this.byDate),
            sessions_by_date: sortedRecord(this.sessionsByDate),
            fct_orders_by_date: Object.fromEntries(
                [...this.ordersByDate.entries()]
                    .sort(([a], [b]) => (a < b ? -1 : 1))
                    .map(([date, day]) => [date, { count: day.count, revenue_reporting: formatScaled(day.revenue, 8) }]),
            ),
            parameters: {
                days,
                users,
                bots: this.bots,
                seed,
                start,
                end: addDays(start, days - 1),
                reporting_currency: REPORTING_CURRENCY,
                source_timezone: "UTC",
                reporting_timezone: "UTC",
                session_timeout_minutes: SESSION_TIMEOUT_MINUTES,
                late_threshold_minutes: LATE_THRESHOLD_MINUTES,
                future_tolerance_minutes: 5,
                rates,
            },
            identity: sortedRecord(this.identity),
            ...this.marts.finish(this.options),
        };
    }
}

/** revenue (minor units of its currency) x usd_rate (millionths), as an integer in 1e-8 USD. */
export function reportingAmount(revenueMinor: number, code: string, rateMicro: number): bigint {
    const toCents = 10n ** BigInt(2 - currency(code).decimals);
    return BigInt(revenueMinor) * toCents * BigInt(rateMicro);
}

/** An integer with `scale` implied decimals as a canonical decimal ("12.5", "0"). */
export function formatScaled(value: bigint, scale: number): string {
    const text = value.toString();
    const negative = text.startsWith("-");
    const digits = (negative ? text.slice(1) : text).padStart(scale + 1, "0");
    const integer = digits.slice(0, digits.length - scale);
    const fraction = digits.slice(digits.length - scale).replace(/0+$/, "");
    return `${negative ? "-" : ""}${integer}${fraction ? `.${fraction}` : ""}`;
}

function hasEmail(text: string): boolean {
    return text.includes("@") && EMAIL_PATTERN.test(text);
}

function increment<K>(map: Map<K, number>, key: K): void {
    map.set(key, (map.get(key) ?? 0) + 1);
}

function sortedRecord<V>(map: Map<string, V>): Record<string, V> {
    return Object.fromEntries([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
