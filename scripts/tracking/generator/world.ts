/**
 * The fixed world the simulation runs in: currencies and FX rates, products,
 * the tracking plan's names as producers spell them, traffic sources and
 * campaigns, user agents. Everything random here comes from its own seeded
 * stream, so it does not depend on how many users are simulated.
 */
import { Rng } from "./random.ts";
import { addDays, dayStartMs } from "./time.ts";

// ---------------------------------------------------------------- money

export interface Currency {
    code: string;
    /** Digits after the decimal point of an amount (JPY has none). */
    decimals: number;
    /** USD per unit on the first simulated day, in millionths. */
    baseRateMicro: number;
    /** Tax as a share of revenue, in percent. */
    taxPercent: number;
    /** Flat shipping in minor units, waived at or above freeShippingMinor. */
    shippingMinor: number;
    freeShippingMinor: number;
}

export const CURRENCIES: readonly Currency[] = [
    { code: "USD", decimals: 2, baseRateMicro: 1_000_000, taxPercent: 8, shippingMinor: 499, freeShippingMinor: 7500 },
    { code: "EUR", decimals: 2, baseRateMicro: 1_085_000, taxPercent: 19, shippingMinor: 490, freeShippingMinor: 7000 },
    { code: "GBP", decimals: 2, baseRateMicro: 1_265_000, taxPercent: 20, shippingMinor: 399, freeShippingMinor: 6000 },
    { code: "SEK", decimals: 2, baseRateMicro: 96_500, taxPercent: 25, shippingMinor: 4900, freeShippingMinor: 75000 },
    { code: "JPY", decimals: 0, baseRateMicro: 6_700, taxPercent: 10, shippingMinor: 500, freeShippingMinor: 10000 },
];

/** A currency no FX table knows: a purchase in it is an invalid_value. */
export const UNKNOWN_CURRENCY = "XYZ";

export function currency(code: string): Currency {
    const found = CURRENCIES.find((item) => item.code === code);
    if (!found) throw new Error(`unknown currency ${code}`);
    return found;
}

/** "12.50", "-3.00", "1200": a NUMERIC as text with the currency's digits. */
export function formatMinor(minor: number, decimals: number): string {
    if (decimals === 0) return String(minor);
    const sign = minor < 0 ? "-" : "";
    const magnitude = Math.abs(minor);
    const scale = 10 ** decimals;
    return `${sign}${Math.floor(magnitude / scale)}.${String(magnitude % scale).padStart(decimals, "0")}`;
}

/** The amount as a JSON number (exact to the cent once printed: 59.9, 1200). */
export function minorToNumber(minor: number, decimals: number): number {
    return minor / 10 ** decimals;
}

/**
 * Daily FX rates from `from` to `to`. Weekends are missing for every currency
 * but USD (as with central-bank reference rates) and a few weekdays are
 * missing at random, so the marts must fall back to the latest earlier rate.
 * Days before `firstSimulatedDay` are complete, so a fallback always exists.
 */
export class FxTable {
    readonly from: string;
    readonly to: string;
    private readonly rates = new Map<string, Map<string, number>>();

    constructor(seed: number, from: string, to: string, firstSimulatedDay: string) {
        this.from = from;
        this.to = to;
        const rng = new Rng(`${seed}/fx`);
        for (const item of CURRENCIES) {
            const byDate = new Map<string, number>();
            let rate = item.baseRateMicro;
            for (let date = from; date <= to; date = addDays(date, 1)) {
                if (item.code !== "USD") rate = Math.max(1, Math.round(rate * (1 + rng.between(-0.004, 0.004))));
                const weekday = new Date(dayStartMs(date)).getUTCDay();
                const isWeekend = weekday === 0 || weekday === 6;
                const dropped = item.code !== "USD" && date >= firstSimulatedDay && (isWeekend || rng.chance(0.04));
                if (!dropped) byDate.set(date, rate);
            }
            this.rates.set(item.code, byDate);
        }
    }

    /** USD per unit in millionths on this date, or the latest earlier rate; undefined for an unknown currency. */
    rateMicro(code: string, date: string): number | undefined {
        const byDate = this.rates.get(code);
        if (!byDate) return undefined;
        for (let day = date; day >= this.from; day = addDays(day, -1)) {
            const rate = byDate.get(day);
            if (rate !== undefined) return rate;
        }
        return undefined;
    }

    /** Whether this exact date has a rate (false means the fallback is used). */
    hasRate(code: string, date: string): boolean {
        return this.rates.get(code)?.has(date) ?? false;
    }

    *rows(): Generator<{ rate_date: string; currency: string; usd_rate: string }> {
        for (let date = this.from; date <= this.to; date = addDays(date, 1)) {
            for (const item of CURRENCIES) {
                const rate = this.rates.get(item.code)!.get(date);
                if (rate !== undefined) yield { rate_date: date, currency: item.code, usd_rate: formatMinor(rate, 6) };
            }
        }
    }
}

// ---------------------------------------------------------------- products

export interface Product {
    productId: string;
    name: string;
    category: string;
    /** List price in USD cents (products.price); local prices are derived from it. */
    priceCents: number;
    unitCostCents: number;
}

const CATEGORIES: Record<string, readonly string[]> = {
    shoes: ["Trail Runner", "Road Racer", "Court Classic", "Hiking Boot", "Recovery Slide"],
    apparel: ["Merino Tee", "Wind Jacket", "Rain Shell", "Running Shorts", "Thermal Tights"],
    accessories: ["Sport Socks", "Cap", "Water Bottle", "Headlamp", "Gym Bag"],
    equipment: ["Yoga Mat", "Kettlebell", "Foam Roller", "Jump Rope", "Resistance Band"],
};
const EDITIONS = ["", " Pro", " Lite"];

export function buildProducts(seed: number): Product[] {
    const rng = new Rng(`${seed}/products`);
    const products: Product[] = [];
    for (const [category, names] of Object.entries(CATEGORIES)) {
        for (const name of names) {
            for (const edition of EDITIONS) {
                const dollars = rng.int(8, 240);
                const priceCents = dollars * 100 + rng.pick([99, 0, 50]);
                const unitCostCents = Math.round(priceCents * rng.between(0.35, 0.65));
                products.push({
                    productId: `sku_${String(products.length + 1).padStart(4, "0")}`,
                    name: `${name}${edition}`,
                    category,
                    priceCents,
                    unitCostCents,
                });
            }
        }
    }
    return products;
}

/** A product's price in a currency, in its minor units (JPY rounded to 10 yen). */
export function localPriceMinor(product: Product, item: Currency): number {
    const major = product.priceCents / 100 / (item.baseRateMicro / 1_000_000);
    if (item.decimals === 0) return Math.max(10, Math.round(major / 10) * 10);
    return Math.max(1, Math.round(major * 100));
}

// ---------------------------------------------------------------- tracking plan, as producers spell it

export type CanonicalEvent = "page_view" | "view_item" | "add_to_cart" | "begin_checkout" | "purchase" | "sign_up";

/** Other spellings producers use; each normalizes (trim, lower case, spaces to _) to the name or one of its aliases (docs/data-contract.md, Semantics). */
export const NAME_VARIANTS: Record<CanonicalEvent, readonly string[]> = {
    page_view: ["page", "Page Viewed", "PAGE_VIEW", "Page View"],
    view_item: ["Product Viewed", "product_viewed", "View Item", "VIEW_ITEM"],
    add_to_cart: ["Product Added", "product_added", "Add To Cart", " add_to_cart "],
    begin_checkout: ["Checkout Started", "checkout_started", "Begin Checkout"],
    purchase: ["Order Completed", "order_completed", "checkout_completed", "Purchase", " PURCHASE"],
    sign_up: ["Signed Up", "signed_up", "Sign Up", "SIGN_UP"],
};

/** The legacy SDK (schema_version 1) always sends Segment-style names. */
export const LEGACY_NAMES: Record<CanonicalEvent, string> = {
    page_view: "Page Viewed",
    view_item: "Product Viewed",
    add_to_cart: "Product Added",
    begin_checkout: "Checkout Started",
    purchase: "Order Completed",
    sign_up: "Signed Up",
};

/** Names in no tracking plan: each row carrying one is quarantined as unknown_event. */
export const UNKNOWN_EVENT_NAMES = ["scroll_depth", "Experiment Viewed", "video_play", "heartbeat", "debug_ping"] as const;

/** Values of event_timestamp no parser reads (null included). */
export const UNPARSEABLE_TIMESTAMPS = ["", "undefined", "NaN", "Invalid Date", "not-a-timestamp", null] as const;

// ---------------------------------------------------------------- traffic

export const OWN_HOST = "shop.example.com";
export const SITE = `https://${OWN_HOST}`;

export type ChannelKind =
    | "paid_search_google"
    | "paid_search_bing"
    | "paid_social_facebook"
    | "paid_social_tiktok"
    | "display"
    | "email"
    | "affiliate"
    | "organic_social"
    | "organic_search"
    | "referral"
    | "direct";

/** Where a first visit comes from, and where a returning one does. */
export const FIRST_VISIT_CHANNELS: readonly (readonly [ChannelKind, number])[] = [
    ["paid_search_google", 18],
    ["paid_search_bing", 4],
    ["paid_social_facebook", 10],
    ["paid_social_tiktok", 5],
    ["display", 4],
    ["affiliate", 5],
    ["organic_social", 8],
    ["organic_search", 22],
    ["referral", 8],
    ["direct", 16],
];
export const RETURN_VISIT_CHANNELS: readonly (readonly [ChannelKind, number])[] = [
    ["paid_search_google", 8],
    ["paid_search_bing", 2],
    ["paid_social_facebook", 5],
    ["paid_social_tiktok", 2],
    ["display", 4],
    ["email", 14],
    ["affiliate", 3],
    ["organic_social", 6],
    ["organic_search", 14],
    ["referral", 4],
    ["direct", 38],
];

export interface Campaign {
    source: string;
    medium: string;
    campaign: string;
    /** The channel the spend is reported under (docs/data-contract.md, Semantics channel names). */
    channel: string;
    kind: ChannelKind;
    currency: string;
    /** Mean daily spend in the campaign's currency, minor units. */
    dailySpendMinor: number;
    costPerClickMinor: number;
}

export const CAMPAIGNS: readonly Campaign[] = [
    {
        source: "google",
        medium: "cpc",
        campaign: "brand_search",
        channel: "Paid Search",
        kind: "paid_search_google",
        currency: "USD",
        dailySpendMinor: 42000,
        costPerClickMinor: 45,
    },
    {
        source: "google",
        medium: "cpc",
        campaign: "generic_running_shoes",
        channel: "Paid Search",
        kind: "paid_search_google",
        currency: "USD",
        dailySpendMinor: 88000,
        costPerClickMinor: 120,
    },
    {
        source: "bing",
        medium: "cpc",
        campaign: "brand_search",
        channel: "Paid Search",
        kind: "paid_search_bing",
        currency: "USD",
        dailySpendMinor: 9000,
        costPerClickMinor: 38,
    },
    {
        source: "facebook",
        medium: "paid_social",
        campaign: "spring_sale",
        channel: "Paid Social",
        kind: "paid_social_facebook",
        currency: "EUR",
        dailySpendMinor: 51000,
        costPerClickMinor: 70,
    },
    {
        source: "tiktok",
        medium: "paid_social",
        campaign: "creators_q1",
        channel: "Paid Social",
        kind: "paid_social_tiktok",
        currency: "USD",
        dailySpendMinor: 23000,
        costPerClickMinor: 55,
    },
    {
        source: "criteo",
        medium: "display",
        campaign: "retargeting",
        channel: "Display",
        kind: "display",
        currency: "EUR",
        dailySpendMinor: 16000,
        costPerClickMinor: 60,
    },
    {
        source: "partnerize",
        medium: "affiliate",
        campaign: "deals",
        channel: "Affiliates",
        kind: "affiliate",
        currency: "GBP",
        dailySpendMinor: 12000,
        costPerClickMinor: 90,
    },
];

const SEARCH_REFERRERS = [
    "https://www.google.com/",
    "https://www.google.de/",
    "https://www.bing.com/",
    "https://duckduckgo.com/",
    "https://www.ecosia.org/",
    "https://search.yahoo.com/",
];
const SOCIAL_REFERRERS = [
    "https://www.instagram.com/",
    "https://l.facebook.com/",
    "https://t.co/Ab12Cd",
    "https://www.reddit.com/r/running/",
    "https://www.pinterest.com/",
    "https://www.youtube.com/",
];
const REFERRAL_REFERRERS = [
    "https://www.runnersworld.example/reviews/best-trail-shoes",
    "https://blog.gearlab.example/",
    "https://news.ycombinator.com/item?id=39512345",
    "https://www.outdoorforum.example/t/9911",
];
const LANDING_PATHS = ["/", "/c/shoes", "/c/apparel", "/c/accessories", "/c/equipment", "/sale"];

export interface Landing {
    pageUrl: string;
    referrer: string | null;
    /** The channel GA4's default channel group gives this landing (docs/data-contract.md, Channels): what the traffic is. */
    channel: string;
}

/** The landing page URL and referrer of a web session from this channel. */
export function landing(rng: Rng, kind: ChannelKind): Landing {
    const path = rng.pick(LANDING_PATHS);
    const campaign = (source: string): Campaign => CAMPAIGNS.find((item) => item.source === source)!;
    const utm = (item: Campaign) => `utm_source=${item.source}&utm_medium=${item.medium}&utm_campaign=${item.campaign}`;
    switch (kind) {
        case "paid_search_google": {
            const item = rng.pick(CAMPAIGNS.filter((entry) => entry.kind === kind));
            const query = rng.chance(0.3) ? `gclid=${rng.token(40)}` : `${utm(item)}&gclid=${rng.token(40)}`;
            return {
                pageUrl: `${SITE}${path}?${query}`,
                referrer: rng.pick(["https://www.google.com/", "https://www.google.de/"]),
                channel: "Paid Search",
            };
        }
        case "paid_search_bing":
            return {
                pageUrl: `${SITE}${path}?${utm(campaign("bing"))}&msclkid=${rng.hex(32)}`,
                referrer: "https://www.bing.com/",
                channel: "Paid Search",
            };
        case "paid_social_facebook":
            return {
                pageUrl: `${SITE}${path}?${utm(campaign("facebook"))}&fbclid=${rng.token(60)}`,
                referrer: rng.pick(["https://l.facebook.com/", "https://m.facebook.com/"]),
                channel: "Paid Social",
            };
        case "paid_social_tiktok":
            return { pageUrl: `${SITE}${path}?${utm(campaign("tiktok"))}&ttclid=${rng.token(32)}`, referrer: null, channel: "Paid Social" };
        case "display":
            return { pageUrl: `${SITE}${path}?${utm(campaign("criteo"))}`, referrer: null, channel: "Display" };
        case "affiliate":
            return {
                pageUrl: `${SITE}${path}?${utm(campaign("partnerize"))}`,
                referrer: "https://www.dealfinder.example/",
                channel: "Affiliates",
            };
        case "email":
            return {
                pageUrl: `${SITE}${path}?utm_source=newsletter&utm_medium=email&utm_campaign=weekly_digest`,
                referrer: null,
                channel: "Email",
            };
        case "organic_social": {
            const referrer = rng.pick(SOCIAL_REFERRERS);
            const query = referrer.includes("facebook") ? `?fbclid=${rng.token(60)}` : "";
            // YouTube is a video site in GA4's source categories
            return {
                pageUrl: `${SITE}${path}${query}`,
                referrer,
                channel: referrer.includes("youtube") ? "Organic Video" : "Organic Social",
            };
        }
        case "organic_search":
            return { pageUrl: `${SITE}${path}`, referrer: rng.pick(SEARCH_REFERRERS), channel: "Organic Search" };
        case "referral":
            return { pageUrl: `${SITE}${path}`, referrer: rng.pick(REFERRAL_REFERRERS), channel: "Referral" };
        case "direct":
            return { pageUrl: `${SITE}${path}`, referrer: null, channel: "Direct" };
    }
}

/** Ad spend rows: one per campaign and day, in the campaign's currency. */
export function* adSpendRows(seed: number, start: string, days: number): Generator<Record<string, string | number>> {
    const rng = new Rng(`${seed}/ad_spend`);
    for (let day = 0; day < days; day++) {
        const date = addDays(start, day);
        for (const item of CAMPAIGNS) {
            const spendMinor = Math.round(item.dailySpendMinor * rng.between(0.7, 1.3));
            const clicks = Math.max(1, Math.round(spendMinor / item.costPerClickMinor));
            const impressions = clicks * rng.int(25, 90);
            yield {
                spend_date: date,
                source: item.source,
                medium: item.medium,
                campaign: item.campaign,
                channel: item.channel,
                currency: item.currency,
                spend: formatMinor(spendMinor, currency(item.currency).decimals),
                impressions,
                clicks,
            };
        }
    }
}

// ---------------------------------------------------------------- devices

/** Human user agents; none contains bot, spider or crawl. */
export const BROWSER_USER_AGENTS = {
    desktop: [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36 Edg/121.0.2277.128",
    ],
    mobile: [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Mobile Safari/537.36",
    ],
    ios: ["ShopApp/5.2.1 (iPhone15,2; iOS 17.3.1)", "ShopApp/4.9.0 (iPhone13,1; iOS 16.7)"],
    android: ["ShopApp/5.2.1 (Linux; Android 14; Pixel 8)", "ShopApp/4.9.0 (Linux; Android 12; SM-A525F)"],
} as const;

/** The backend's own user agent on server events. */
export const SERVER_USER_AGENT = "shop-backend/4.2 (order-service)";

/** Crawler user agents; each matches /bot|spider|crawl/i. */
export const BOT_USER_AGENTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
] as const;

/** Markets: locale, currency, UTC offset used by devices that send offsets. */
export const MARKETS = [
    { locale: "en-US", currency: "USD", offsetMinutes: -300, weight: 38 },
    { locale: "en-US", currency: "USD", offsetMinutes: -480, weight: 8 },
    { locale: "de-DE", currency: "EUR", offsetMinutes: 60, weight: 14 },
    { locale: "fr-FR", currency: "EUR", offsetMinutes: 60, weight: 8 },
    { locale: "en-GB", currency: "GBP", offsetMinutes: 0, weight: 14 },
    { locale: "sv-SE", currency: "SEK", offsetMinutes: 60, weight: 9 },
    { locale: "ja-JP", currency: "JPY", offsetMinutes: 540, weight: 9 },
] as const;

export const FIRST_NAMES = [
    "anna",
    "ben",
    "chloe",
    "david",
    "emma",
    "felix",
    "greta",
    "hiro",
    "isla",
    "jonas",
    "kai",
    "lena",
    "marta",
    "noah",
    "olivia",
    "yuki",
];
export const LAST_NAMES = ["berg", "smith", "muller", "dubois", "tanaka", "johansson", "brown", "garcia", "novak", "rossi"];
export const MAIL_DOMAINS = ["example.com", "example.org", "mail.example.net"];

/** First day of the FX table: a complete week before the simulation. */
export function fxRange(start: string, days: number): { from: string; to: string } {
    return { from: addDays(start, -7), to: addDays(start, days + 3) };
}
