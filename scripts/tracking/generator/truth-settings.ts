/**
 * truth.json's `marts`: what the channel, conversion, funnel and attribution
 * marts must show for the generated files under given settings (reporting
 * currency and time zone, session timeout), computed from the rows the
 * generator kept and the landing it gave every session, never by reading the
 * files back. Definitions (docs/data-contract.md, Semantics):
 *
 * - A session's channel is the channel of its first kept row with page
 *   context (world.landing's for a landing row; Direct for any other web row,
 *   whose page is the shop's own, without campaign parameters); Direct when it
 *   has none (app and server rows).
 * - sessions_by_channel, sessions_by_date (reporting time zone).
 * - orders_by_channel: orders (kept purchase rows) placed in the sessions of
 *   each channel, with their revenue in the reporting currency (NUMERIC as
 *   fct_orders computes it: revenue x rate, where a rate other than USD's is
 *   usd_rate / reporting usd_rate in FLOAT64, cast to NUMERIC).
 * - kept_events_by_name, sessions_with_event: events and sessions per
 *   canonical event name, for conversions counted once per event or per session.
 * - funnel_sessions: sessions reaching each step of the default funnel in order.
 * - first_touch_revenue_by_channel / last_touch_revenue_by_channel: order
 *   revenue by the channel of the order's first / last touchpoint (sessions
 *   of the person started within 30 days before the order, up to the
 *   converting session).
 */
import type { ReportingSettings } from "./config.ts";
import type { EventRow } from "./model.ts";
import { currency, type FxTable } from "./world.ts";
import { formatScaled } from "./truth.ts";

export const DEFAULT_REPORTING: ReportingSettings = { currency: "USD", timezone: "UTC", sessionTimeoutMinutes: 30 };
const FUNNEL_STEPS = ["view_item", "add_to_cart", "begin_checkout", "purchase"] as const;
const LOOKBACK_MS = 30 * 86_400_000;
/** Reporting amounts are integers of 1e-9 units (NUMERIC's scale). */
const SCALE = 9;

export interface SettingsTruth {
    settings: ReportingSettings;
    sessions_by_channel: Record<string, number>;
    sessions_by_date: Record<string, number>;
    orders_by_channel: Record<string, { count: number; revenue_reporting: string }>;
    kept_events_by_name: Record<string, number>;
    sessions_with_event: Record<string, number>;
    funnel_sessions: Record<string, number>;
    first_touch_revenue_by_channel: Record<string, string>;
    last_touch_revenue_by_channel: Record<string, string>;
}

interface Session {
    startedAtMs: number;
    channel: string;
    rows: EventRow[];
}

export class SettingsTruthBuilder {
    readonly settings: ReportingSettings;
    private readonly dateOf: (ms: number) => string;
    private readonly sessionsByChannel = new Map<string, number>();
    private readonly sessionsByDate = new Map<string, number>();
    private readonly ordersByChannel = new Map<string, { count: number; revenue: bigint }>();
    private readonly keptByName = new Map<string, number>();
    private readonly sessionsWithEvent = new Map<string, number>();
    private readonly funnel = new Map<string, number>(FUNNEL_STEPS.map((step) => [step, 0]));
    private readonly firstTouch = new Map<string, bigint>();
    private readonly lastTouch = new Map<string, bigint>();

    constructor(
        settings: Partial<ReportingSettings> | undefined,
        private readonly fx: FxTable,
    ) {
        this.settings = { ...DEFAULT_REPORTING, ...settings };
        const format = new Intl.DateTimeFormat("en-CA", {
            timeZone: this.settings.timezone,
            year: "numeric",
            month: "2-digit",
            day: "2-digit",
        });
        this.dateOf = (ms) => format.format(new Date(ms));
    }

    /** One person's rows (people never share ids, so their sessions are complete). */
    addPerson(rows: readonly EventRow[]): void {
        const kept = rows.filter((row) => row.fate === "kept");
        for (const row of kept) increment(this.keptByName, row.canonical!);
        for (const sessions of this.sessionsByKey(kept).values()) {
            for (const session of sessions) this.addSession(session);
            this.addOrders(sessions);
        }
    }

    /** Sessions per user_key: user_id, else the anonymous_id's latest user_id, else the anonymous_id. */
    private sessionsByKey(kept: readonly EventRow[]): Map<string, Session[]> {
        const latest = new Map<string, { at: number; userId: string }>();
        for (const row of kept) {
            if (row.anonymousId === null || row.userId === null) continue;
            const seen = latest.get(row.anonymousId);
            if (!seen || row.eventAtMs >= seen.at) latest.set(row.anonymousId, { at: row.eventAtMs, userId: row.userId });
        }
        const byKey = new Map<string, EventRow[]>();
        for (const row of kept) {
            const key = row.userId ?? latest.get(row.anonymousId!)?.userId ?? `anon:${row.anonymousId}`;
            byKey.set(key, [...(byKey.get(key) ?? []), row]);
        }
        const timeoutMs = this.settings.sessionTimeoutMinutes * 60_000;
        const result = new Map<string, Session[]>();
        for (const [key, keyRows] of byKey) {
            keyRows.sort((a, b) => a.eventAtMs - b.eventAtMs || (a.eventId! < b.eventId! ? -1 : 1));
            const sessions: Session[] = [];
            keyRows.forEach((row, i) => {
                if (i === 0 || row.eventAtMs - keyRows[i - 1]!.eventAtMs > timeoutMs) {
                    sessions.push({ startedAtMs: row.eventAtMs, channel: "Direct", rows: [] });
                }
                sessions.at(-1)!.rows.push(row);
            });
            for (const session of sessions) {
                const first = session.rows.find((row) => row.pageUrl !== null || row.referrer !== null);
                session.channel = first?.landingChannel ?? "Direct";
            }
            result.set(key, sessions);
        }
        return result;
    }

    private addSession(session: Session): void {
        increment(this.sessionsByChannel, session.channel);
        increment(this.sessionsByDate, this.dateOf(session.startedAtMs));
        for (const name of new Set(session.rows.map((row) => row.canonical!))) increment(this.sessionsWithEvent, name);
        // each step: the earliest event of it not before the previous step's
        let reachedAt = -Infinity;
        for (const step of FUNNEL_STEPS) {
            const next = session.rows.find((row) => row.canonical === step && row.eventAtMs >= reachedAt);
            if (!next) break;
            reachedAt = next.eventAtMs;
            increment(this.funnel, step);
        }
    }

    private addOrders(sessions: readonly Session[]): void {
        sessions.forEach((session, index) => {
            for (const row of session.rows) {
                if (row.canonical !== "purchase" || row.orderId === null) continue;
                const amount = this.reportingAmount(row);
                const day = this.ordersByChannel.get(session.channel) ?? { count: 0, revenue: 0n };
                day.count++;
                day.revenue += amount;
                this.ordersByChannel.set(session.channel, day);
                const first = sessions.slice(0, index + 1).find((touch) => touch.startedAtMs >= row.eventAtMs - LOOKBACK_MS)!;
                add(this.firstTouch, first.channel, amount);
                add(this.lastTouch, session.channel, amount);
            }
        });
    }

    /** The order's revenue in the reporting currency at the rate of its order date, in 1e-9 units, as fct_orders computes it. */
    private reportingAmount(row: EventRow): bigint {
        const date = this.dateOf(row.eventAtMs);
        const cents = BigInt(row.revenueMinor!) * 10n ** BigInt(2 - currency(row.currency!).decimals);
        const rate = this.fx.rateMicro(row.currency!, date)!;
        if (this.settings.currency === "USD") return cents * BigInt(rate) * 10n; // 2 + 6 decimals, exact
        // FLOAT64 division cast to NUMERIC (9 decimals), then the product rounded to 9 decimals, half away from zero
        const factor = rate / 1e6 / (this.fx.rateMicro(this.settings.currency, date)! / 1e6);
        const factorScaled = BigInt(factor.toFixed(SCALE).replace(".", ""));
        return (cents * factorScaled + 50n) / 100n;
    }

    finish(): SettingsTruth {
        const money = (map: Map<string, bigint>) =>
            Object.fromEntries(
                [...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, value]) => [key, formatScaled(value, SCALE)]),
            );
        return {
            settings: this.settings,
            sessions_by_channel: sorted(this.sessionsByChannel),
            sessions_by_date: sorted(this.sessionsByDate),
            orders_by_channel: Object.fromEntries(
                [...this.ordersByChannel.entries()]
                    .sort(([a], [b]) => (a < b ? -1 : 1))
                    .map(([channel, orders]) => [channel, { count: orders.count, revenue_reporting: formatScaled(orders.revenue, SCALE) }]),
            ),
            kept_events_by_name: sorted(this.keptByName),
            sessions_with_event: sorted(this.sessionsWithEvent),
            funnel_sessions: Object.fromEntries(this.funnel),
            first_touch_revenue_by_channel: money(this.firstTouch),
            last_touch_revenue_by_channel: money(this.lastTouch),
        };
    }
}

function increment(map: Map<string, number>, key: string): void {
    map.set(key, (map.get(key) ?? 0) + 1);
}

function add(map: Map<string, bigint>, key: string, amount: bigint): void {
    map.set(key, (map.get(key) ?? 0n) + amount);
}

function sorted(map: Map<string, number>): Record<string, number> {
    return Object.fromEntries([...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}
