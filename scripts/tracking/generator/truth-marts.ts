/**
 * The part of truth.json that the customer, cohort, product, page and consent
 * marts must show, from the kept rows of each person (the fate the generator
 * gave every row, never the files read back). Definitions, with the vars at
 * their defaults (reporting currency USD, reporting time zone UTC):
 *
 * - customers: count = user_keys (people with kept events, stitched as in
 *   truth.ts); with_orders = user_keys with a kept purchase;
 *   by_first_seen_date = {date of the person's first kept event: people};
 *   by_first_order_month = {YYYY-MM-01 of the first kept purchase: people};
 *   data_as_of = the latest kept event time (RFC 3339, ms);
 *   ltv_30d / ltv_90d / ltv_365d = the sum over people whose first order is
 *   at least that many days before data_as_of of the revenue (reporting
 *   currency, as fct_orders_revenue_reporting) of their orders placed within
 *   that many days of the first; null when no person qualifies.
 * - products: {product_id: {item_views, add_to_carts, purchases, units,
 *   revenue}} over kept rows: view_item and add_to_cart by payload
 *   product_id, purchases (orders) and units from the kept purchase's items
 *   (version 2 items, or version 1 products: sku, qty, price x qty), revenue
 *   the items' revenue at the order date's rate (as fct_orders).
 * - page_views_by_path: {path: kept page_view rows}, the path of the page URL
 *   without host, query string and fragment.
 * - ad_spend: {impressions, clicks, spend_reporting} over every ad_spend row,
 *   spend at the spend date's rate (the latest earlier one when that date
 *   has none), as mart_campaigns_daily converts it.
 * - consent: analytics_denied = consent_dropped rows (no bot and no replay
 *   among them); ads_denied = kept and consent_dropped rows whose ads consent
 *   is false or missing (consent_default_ads = denied).
 */
import { adSpendRows, currency, type FxTable } from "./world.ts";
import type { GeneratorOptions } from "./config.ts";
import type { EventRow } from "./model.ts";
import { formatScaled, reportingAmount } from "./truth.ts";
import { isoDateOfMs } from "./time.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
export const LTV_WINDOWS_DAYS = [30, 90, 365] as const;

interface ProductCounts {
    item_views: number;
    add_to_carts: number;
    purchases: number;
    units: number;
    revenue: string;
}

export interface MartsTruth {
    customers: {
        count: number;
        with_orders: number;
        by_first_seen_date: Record<string, number>;
        by_first_order_month: Record<string, number>;
        data_as_of: string | null;
        ltv_30d: string | null;
        ltv_90d: string | null;
        ltv_365d: string | null;
    };
    products: Record<string, ProductCounts>;
    page_views_by_path: Record<string, number>;
    consent: { analytics_denied: number; ads_denied: number };
    ad_spend: { impressions: number; clicks: number; spend_reporting: string };
}

/** A purchase of a customer: when, and its revenue in 1e-8 of the reporting currency. */
interface Purchase {
    atMs: number;
    amount: bigint;
}

/** The path of a URL, as pages.pathSql reads it. */
export function pagePath(url: string): string {
    const match = /^(?:[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*)?([^?#]*)/.exec(url);
    return match?.[1] ? match[1] : "/";
}

export class MartsTruthBuilder {
    private readonly purchasesByCustomer = new Map<string, Purchase[]>();
    private readonly firstSeen = new Map<string, number>();
    private readonly products = new Map<
        string,
        { item_views: number; add_to_carts: number; orders: Set<string>; units: number; revenue: bigint }
    >();
    private readonly pageViews = new Map<string, number>();
    private latestMs = Number.NEGATIVE_INFINITY;
    private analyticsDenied = 0;
    private adsDenied = 0;

    constructor(private readonly fx: FxTable) {}

    /** Every raw row of a person, and the user_key each kept row is stitched to. */
    addPerson(rows: readonly EventRow[], userKeyOf: (row: EventRow) => string): void {
        for (const row of rows) {
            if (row.fate === "consent") this.analyticsDenied++;
            if ((row.fate === "consent" || row.fate === "kept") && !adsGranted(row.consent)) this.adsDenied++;
            if (row.fate !== "kept") continue;
            const key = userKeyOf(row);
            this.latestMs = Math.max(this.latestMs, row.eventAtMs);
            this.firstSeen.set(key, Math.min(this.firstSeen.get(key) ?? Number.POSITIVE_INFINITY, row.eventAtMs));
            if (row.canonical === "page_view" && row.pageUrl !== null) increment(this.pageViews, pagePath(row.pageUrl));
            if (row.canonical === "view_item") this.product(String(row.payload.product_id)).item_views++;
            if (row.canonical === "add_to_cart") this.product(String(row.payload.product_id)).add_to_carts++;
            if (row.canonical === "purchase" && row.orderId !== null) this.addPurchase(row, key);
        }
    }

    private addPurchase(row: EventRow, key: string): void {
        const date = isoDateOfMs(row.eventAtMs);
        const rate = this.fx.rateMicro(row.currency!, date)!;
        const purchases = this.purchasesByCustomer.get(key) ?? [];
        purchases.push({ atMs: row.eventAtMs, amount: reportingAmount(row.revenueMinor!, row.currency!, rate) });
        this.purchasesByCustomer.set(key, purchases);
        const decimals = currency(row.currency!).decimals;
        const toMinor = (value: unknown) => Math.round(Number(value) * 10 ** decimals);
        const v2 = row.payload.items as { product_id: string; quantity: number; item_revenue: number }[] | undefined;
        const v1 = row.payload.products as { sku: string; qty: number; price: number }[] | undefined;
        const lines = v2
            ? v2.map((item) => ({ productId: item.product_id, quantity: item.quantity, minor: toMinor(item.item_revenue) }))
            : (v1 ?? []).map((item) => ({ productId: item.sku, quantity: item.qty, minor: toMinor(item.price) * item.qty }));
        for (const line of lines) {
            const product = this.product(line.productId);
            product.orders.add(row.orderId!);
            product.units += line.quantity;
            product.revenue += reportingAmount(line.minor, row.currency!, rate);
        }
    }

    private product(productId: string) {
        let product = this.products.get(productId);
        if (!product)
            this.products.set(productId, (product = { item_views: 0, add_to_carts: 0, orders: new Set(), units: 0, revenue: 0n }));
        return product;
    }

    private adSpend({ seed, start, days }: Pick<GeneratorOptions, "seed" | "start" | "days">): MartsTruth["ad_spend"] {
        const totals = { impressions: 0, clicks: 0, spend: 0n };
        for (const row of adSpendRows(seed, start, days)) {
            const code = String(row.currency);
            const minor = Math.round(Number(row.spend) * 10 ** currency(code).decimals);
            totals.impressions += Number(row.impressions);
            totals.clicks += Number(row.clicks);
            totals.spend += reportingAmount(minor, code, this.fx.rateMicro(code, String(row.spend_date))!);
        }
        return { impressions: totals.impressions, clicks: totals.clicks, spend_reporting: formatScaled(totals.spend, 8) };
    }

    finish(options: Pick<GeneratorOptions, "seed" | "start" | "days">): MartsTruth {
        const byFirstOrderMonth = new Map<string, number>();
        const ltv = new Map<number, bigint | null>(LTV_WINDOWS_DAYS.map((days) => [days, null]));
        for (const purchases of this.purchasesByCustomer.values()) {
            const first = Math.min(...purchases.map((purchase) => purchase.atMs));
            increment(byFirstOrderMonth, `${isoDateOfMs(first).slice(0, 8)}01`);
            for (const days of LTV_WINDOWS_DAYS) {
                const end = first + days * DAY_MS;
                if (this.latestMs < end) continue;
                const within = purchases.filter((purchase) => purchase.atMs < end).reduce((sum, purchase) => sum + purchase.amount, 0n);
                ltv.set(days, (ltv.get(days) ?? 0n) + within);
            }
        }
        const firstSeenByDate = new Map<string, number>();
        for (const atMs of this.firstSeen.values()) increment(firstSeenByDate, isoDateOfMs(atMs));
        const scaled = (days: number) => {
            const value = ltv.get(days);
            return value === null || value === undefined ? null : formatScaled(value, 8);
        };
        return {
            customers: {
                count: this.firstSeen.size,
                with_orders: this.purchasesByCustomer.size,
                by_first_seen_date: sorted(firstSeenByDate),
                by_first_order_month: sorted(byFirstOrderMonth),
                data_as_of: Number.isFinite(this.latestMs) ? new Date(this.latestMs).toISOString() : null,
                ltv_30d: scaled(30),
                ltv_90d: scaled(90),
                ltv_365d: scaled(365),
            },
            products: Object.fromEntries(
                [...this.products.entries()]
                    .sort(([a], [b]) => (a < b ? -1 : 1))
                    .map(([id, p]) => [
                        id,
                        {
                            item_views: p.item_views,
                            add_to_carts: p.add_to_carts,
                            purchases: p.orders.size,
                            units: p.units,
                            revenue: formatScaled(p.revenue, 8),
                        },
                    ]),
            ),
            page_views_by_path: sorted(this.pageViews),
            consent: { analytics_denied: this.analyticsDenied, ads_denied: this.adsDenied },
            ad_spend: this.adSpend(options),
        };
    }
}

/** Ads consent of a row as the models read it: true only when the JSON says so (consent_default_ads = denied). */
function adsGranted(consent: string | null): boolean {
    if (consent === null) return false;
    try {
        return (JSON.parse(consent) as { ads?: unknown }).ads === true;
    } catch {
        return false;
    }
}

function increment(map: Map<string, number>, key: string): void {
    map.set(key, (map.get(key) ?? 0) + 1);
}

function sorted(map: Map<string, number>): Record<string, number> {
    return Object.fromEntries([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
