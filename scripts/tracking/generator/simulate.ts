/**
 * The clean simulation: people with devices who come back over days through
 * channels, browse, add to cart, check out and buy; some sign up or log in in
 * the middle of a journey, some never do. Bots crawl. The order database
 * records every order, whether or not its events arrive.
 *
 * Sessions are unambiguous for any timeout between about 25 and 110 minutes:
 * consecutive events of a session are at most 120 s apart (plus clock skew)
 * and a whole session spans at most about 22 minutes (browsing starts its last
 * step before 8 minutes, then at most one sign-up step, four checkout steps of
 * at most 120 s, a 60 s shift away from midnight and 15 s of skew either way),
 * so even with events removed no gap within a session reaches 25 minutes; a
 * person's next session, on any device, starts at least 2 hours after the
 * previous one ended.
 */
import type { DefectRates } from "./config.ts";
import {
    BOT_USER_AGENTS,
    BROWSER_USER_AGENTS,
    type CanonicalEvent,
    type ChannelKind,
    currency,
    type Currency,
    FIRST_NAMES,
    FIRST_VISIT_CHANNELS,
    LAST_NAMES,
    landing,
    LEGACY_NAMES,
    localPriceMinor,
    MAIL_DOMAINS,
    MARKETS,
    minorToNumber,
    NAME_VARIANTS,
    type Product,
    RETURN_VISIT_CHANNELS,
    SERVER_USER_AGENT,
    SITE,
} from "./world.ts";
import type { EventRow, Order, OrderStatus, Platform } from "./model.ts";
import { Rng, uniqueUuid } from "./random.ts";
import { DAY_MS, HOUR_MS, MINUTE_MS, type TimestampFormat } from "./time.ts";

export interface World {
    startMs: number;
    endMs: number;
    products: readonly Product[];
    rates: DefectRates;
}

export interface Device {
    anonymousId: string;
    source: "browser" | "app";
    platform: "web" | "ios" | "android";
    userAgent: string;
    ip: string;
    schemaVersion: 1 | 2;
    timestampFormat: TimestampFormat;
    /** Consent JSON once answered. */
    consent: string;
    analyticsDenied: boolean;
    /** The first event goes out before the banner is answered (consent null). */
    consentBanner: boolean;
    /** Never sends consent at all. */
    consentMissing: boolean;
    skewMs: number;
    loggedInAs: string | null;
    /** The user_id this device last sent on a non-purchase event (the server may then omit the cookie). */
    identifiedAs: string | null;
    eventsSent: number;
}

export interface Person {
    index: number;
    isBot: boolean;
    userId: string;
    /** A second customer account, used from some session on (the device then maps to it). */
    secondUserId: string | null;
    email: string;
    locale: string;
    currency: Currency;
    offsetMinutes: number;
    /** customer: has an account and logs in; signs_up: registers during the simulation; guest: never. */
    account: "customer" | "signs_up" | "guest";
    devices: Device[];
}

export interface PersonTraffic {
    person: Person;
    /** The person's id source, for rows the defect layer adds. */
    ids: IdSource;
    rows: EventRow[];
    orders: Order[];
}

/** Ids unique across the whole run: the person's index and a per-person counter. */
export class IdSource {
    private counter = 0;
    constructor(
        private readonly rng: Rng,
        private readonly owner: number,
    ) {}
    next(): string {
        return uniqueUuid(this.rng, this.owner, this.counter++);
    }
}

const SECOND_MS = 1000;

/** The fields of a fresh row that only purchases (order) and the defect layer (fate) change. */
const UNTOUCHED = { orderId: null, currency: null, revenueMinor: null, fate: "kept", isProtected: false } as const;
const BROWSE_LIMIT_MS = 8 * MINUTE_MS;
const MAX_STEP_MS = 120 * SECOND_MS;
const MIN_SESSION_GAP_MS = 2 * HOUR_MS;

export function simulatePerson(index: number, isBot: boolean, seed: number, world: World): PersonTraffic {
    const rng = new Rng(`${seed}/person/${index}/sim`);
    const ids = new IdSource(rng, index);
    const person = makePerson(index, isBot, rng, ids, world.rates);
    const rows: EventRow[] = [];
    const orders: Order[] = [];
    if (isBot) simulateBot(person, rng, ids, world, rows);
    else simulateHuman(person, rng, ids, world, rows, orders);
    return { person, ids, rows, orders };
}

function makePerson(index: number, isBot: boolean, rng: Rng, ids: IdSource, rates: DefectRates): Person {
    const market = rng.weighted(MARKETS.map((item) => [item, item.weight] as const));
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const account = isBot
        ? "guest"
        : rng.weighted([
              ["customer", 35],
              ["signs_up", 20],
              ["guest", 45],
          ] as const);
    const userId = `usr_${String(index).padStart(7, "0")}`;
    const person: Person = {
        index,
        isBot,
        userId,
        secondUserId: account === "customer" && rng.chance(rates.secondAccount) ? `${userId}_b` : null,
        email: `${first}.${last}${index}@${rng.pick(MAIL_DOMAINS)}`,
        locale: market.locale,
        currency: currency(market.currency),
        offsetMinutes: market.offsetMinutes,
        account,
        devices: [],
    };
    if (isBot) return person;
    const deviceCount = rng.weighted([
        [1, 60],
        [2, 30],
        [3, 10],
    ] as const);
    for (let i = 0; i < deviceCount; i++) person.devices.push(makeDevice(rng, ids, rates));
    return person;
}

function makeDevice(rng: Rng, ids: IdSource, rates: DefectRates): Device {
    const kind = rng.weighted([
        ["desktop", 40],
        ["mobile", 30],
        ["ios", 17],
        ["android", 13],
    ] as const);
    const isApp = kind === "ios" || kind === "android";
    const legacy = rng.chance(rates.legacySchema);
    const analyticsDenied = rng.chance(rates.consentDenied);
    const adsGranted = !analyticsDenied && !rng.chance(rates.adsDenied);
    let timestampFormat: TimestampFormat;
    if (legacy) timestampFormat = "naive";
    else if (kind === "ios") timestampFormat = "rfc3339_offset";
    else if (kind === "android") timestampFormat = "epoch_ms";
    else timestampFormat = rng.chance(0.8) ? "rfc3339_z" : "rfc3339_offset";
    return {
        anonymousId: ids.next(),
        source: isApp ? "app" : "browser",
        platform: isApp ? kind : "web",
        userAgent: rng.pick(BROWSER_USER_AGENTS[kind]),
        ip: rng.chance(0.8)
            ? `${rng.pick([31, 46, 62, 77, 81, 84, 88, 91, 109, 145, 176, 185, 203, 212, 217])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`
            : `2a02:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}::${rng.hex(4)}`,
        schemaVersion: legacy ? 1 : 2,
        timestampFormat,
        consent: JSON.stringify({ analytics: !analyticsDenied, ads: adsGranted }),
        analyticsDenied,
        consentBanner: rng.chance(rates.consentBanner),
        consentMissing: !analyticsDenied && rng.chance(rates.consentMissing),
        skewMs: rng.chance(rates.clockSkew) ? rng.int(-15, 15) * SECOND_MS : 0,
        loggedInAs: null,
        identifiedAs: null,
        eventsSent: 0,
    };
}

// ---------------------------------------------------------------- humans

interface SessionState {
    person: Person;
    device: Device;
    deviceIndex: number;
    session: number;
    /** True time of the current step, ms. */
    t: number;
    lastPageUrl: string | null;
    cart: { product: Product; quantity: number }[];
    viewed: Product[];
    rates: DefectRates;
}

function simulateHuman(person: Person, rng: Rng, ids: IdSource, world: World, rows: EventRow[], orders: Order[]): void {
    const sessionsPerDay = rng.weighted([
        [0.1, 30],
        [0.25, 30],
        [0.6, 25],
        [1.5, 15],
    ] as const);
    const buyPropensity = rng.weighted([
        [0.02, 50],
        [0.08, 35],
        [0.25, 15],
    ] as const);
    const switchAfter = rng.int(1, 4);
    let signedUp = false;
    let t = world.startMs + Math.floor(rng.float() * (world.endMs - world.startMs));
    for (let session = 0; t < world.endMs; session++) {
        const deviceIndex = person.devices.length === 1 || rng.chance(0.7) ? 0 : rng.int(1, person.devices.length - 1);
        const device = person.devices[deviceIndex]!;
        if (person.secondUserId && session === switchAfter) {
            // The person starts using a second account: devices logged into the first one log out.
            for (const item of person.devices) if (item.loggedInAs === person.userId) item.loggedInAs = null;
        }
        const currentUserId = person.secondUserId && session >= switchAfter ? person.secondUserId : person.userId;
        const state: SessionState = {
            person,
            device,
            deviceIndex,
            session,
            t,
            lastPageUrl: null,
            cart: [],
            viewed: [],
            rates: world.rates,
        };
        const known = person.account === "customer" || signedUp;
        const channels = session === 0 ? FIRST_VISIT_CHANNELS : RETURN_VISIT_CHANNELS.filter(([kind]) => kind !== "email" || known);
        landOn(state, rng, ids, rows, rng.weighted(channels), known);

        // The person can log in (customers) or sign up (prospects) at any step, more likely at checkout.
        const identify = (atCheckout: boolean) => {
            if (device.analyticsDenied || device.loggedInAs !== null) return;
            if (person.account === "customer" || signedUp) {
                if (rng.chance(atCheckout ? 0.6 : 0.08)) device.loggedInAs = currentUserId;
            } else if (person.account === "signs_up" && rng.chance(atCheckout ? 0.4 : 0.05)) {
                signedUp = true;
                device.loggedInAs = currentUserId;
                step(state, rng);
                emit(
                    state,
                    rng,
                    ids,
                    rows,
                    "sign_up",
                    { email: rawEmail(rng, person.email), method: rng.pick(["email", "google", "apple"]) },
                    null,
                    `${SITE}/account/signup`,
                );
            }
        };

        const browseSteps = 1 + Math.floor(rng.exponential(4));
        for (let i = 0; i < browseSteps && state.t - t < BROWSE_LIMIT_MS; i++) {
            step(state, rng);
            identify(false);
            browse(state, rng, ids, rows, world.products);
        }
        const wantsToBuy = rng.chance(Math.min(0.9, buyPropensity * (state.cart.length > 0 ? 4 : 0.5)));
        if (wantsToBuy) checkout(state, rng, ids, rows, orders, world, () => identify(true));
        const sessionEnd = Math.max(state.t, ...rows.slice(-3).map((row) => row.eventAtMs));
        t = sessionEnd + MIN_SESSION_GAP_MS + Math.floor(rng.exponential(DAY_MS / sessionsPerDay));
    }
}

/** Time to the next step: 3 (or minimumMs) to 120 seconds. */
function step(state: SessionState, rng: Rng, minimumMs = 3 * SECOND_MS): void {
    state.t += Math.min(MAX_STEP_MS, Math.max(minimumMs, Math.floor(rng.exponential(40 * SECOND_MS))));
}

function landOn(state: SessionState, rng: Rng, ids: IdSource, rows: EventRow[], kind: ChannelKind, known: boolean): void {
    if (state.device.source === "app") {
        emit(state, rng, ids, rows, "page_view", { screen: "home" }, null, null);
        return;
    }
    const entry = landing(rng, kind);
    let pageUrl = entry.pageUrl;
    if (kind === "email" && known && rng.chance(state.rates.emailInUrl)) pageUrl += `&email=${rawEmail(rng, state.person.email).trim()}`;
    emit(state, rng, ids, rows, "page_view", {}, null, pageUrl, entry.referrer).landingChannel = entry.channel;
}

function browse(state: SessionState, rng: Rng, ids: IdSource, rows: EventRow[], products: readonly Product[]): void {
    const choice = rng.weighted([
        ["view_item", 50],
        ["page_view", 25],
        ["add_to_cart", 25],
    ] as const);
    const localCurrency = state.person.currency;
    if (choice === "page_view") {
        const path = rng.pick(["/c/shoes", "/c/apparel", "/c/accessories", "/c/equipment", "/sale", "/search?q=jacket"]);
        emit(state, rng, ids, rows, "page_view", state.device.source === "app" ? { screen: path.slice(1) } : {}, null, `${SITE}${path}`);
        return;
    }
    if (choice === "add_to_cart" && state.viewed.length > 0) {
        const product = rng.pick(state.viewed);
        const quantity = rng.weighted([
            [1, 80],
            [2, 15],
            [3, 5],
        ] as const);
        const line = state.cart.find((entry) => entry.product === product);
        if (line) line.quantity += quantity;
        else state.cart.push({ product, quantity });
        emit(
            state,
            rng,
            ids,
            rows,
            "add_to_cart",
            productPayload(product, localCurrency, quantity),
            null,
            `${SITE}/p/${product.productId}`,
        );
        return;
    }
    const product = rng.pick(products);
    state.viewed.push(product);
    emit(state, rng, ids, rows, "view_item", productPayload(product, localCurrency, 1), null, `${SITE}/p/${product.productId}`);
}

function productPayload(product: Product, item: Currency, quantity: number): Record<string, unknown> {
    return { product_id: product.productId, price: minorToNumber(localPriceMinor(product, item), item.decimals), quantity };
}

function checkout(
    state: SessionState,
    rng: Rng,
    ids: IdSource,
    rows: EventRow[],
    orders: Order[],
    world: World,
    identify: () => void,
): void {
    const { person, device } = state;
    if (state.cart.length === 0) {
        const product = state.viewed.length > 0 ? rng.pick(state.viewed) : rng.pick(world.products);
        state.cart.push({ product, quantity: 1 });
        step(state, rng);
        emit(state, rng, ids, rows, "add_to_cart", productPayload(product, person.currency, 1), null, `${SITE}/p/${product.productId}`);
    }
    step(state, rng);
    const itemCount = state.cart.reduce((sum, line) => sum + line.quantity, 0);
    emit(state, rng, ids, rows, "begin_checkout", { item_count: itemCount }, null, `${SITE}/checkout`);
    identify();
    step(state, rng, 40 * SECOND_MS);
    // Keep an order, its events and its FX date on one UTC day: never buy in the 30 s around midnight.
    const timeOfDay = state.t % DAY_MS;
    if (timeOfDay > DAY_MS - 30 * SECOND_MS || timeOfDay < 30 * SECOND_MS) state.t += 60 * SECOND_MS;

    const money = person.currency;
    const lines = state.cart.map((line) => ({ line, unitMinor: localPriceMinor(line.product, money) }));
    const revenueMinor = lines.reduce((sum, { line, unitMinor }) => sum + unitMinor * line.quantity, 0);
    const taxMinor = Math.round((revenueMinor * money.taxPercent) / 100);
    const shippingMinor = revenueMinor >= money.freeShippingMinor ? 0 : money.shippingMinor;
    const orderId = `ord_${String(person.index).padStart(7, "0")}_${String(orders.length + 1).padStart(3, "0")}`;
    const createdAtMs = state.t;
    const rates = world.rates;
    const drawn = rng.weighted([
        ["both", rates.purchaseBoth],
        ["server", rates.purchaseServerOnly],
        ["client", rates.purchaseClientOnly],
        ["none", Math.max(0, 1 - rates.purchaseBoth - rates.purchaseServerOnly - rates.purchaseClientOnly)],
    ] as const);
    // Without analytics consent every row is dropped for consent; a pair would also be a duplicate, and which comes first is a matter of order.
    const pattern = drawn === "both" && device.analyticsDenied ? "server" : drawn;
    const status: OrderStatus = rng.chance(rates.cancelled) ? "cancelled" : rng.chance(rates.refunded) ? "refunded" : "completed";
    const updatedAtMs =
        createdAtMs +
        (status === "refunded"
            ? rng.int(1, 20) * DAY_MS
            : status === "cancelled"
              ? rng.int(10, 2880) * MINUTE_MS
              : rng.int(1, 600) * SECOND_MS) +
        rng.int(0, 999);
    orders.push({
        orderId,
        userId: device.loggedInAs,
        createdAtMs,
        status,
        currency: money.code,
        revenueMinor,
        taxMinor,
        shippingMinor,
        updatedAtMs,
        inBackend: pattern === "none" || !rng.chance(rates.missingInBackend),
    });

    const payloadV2 = (revenue: number) => ({
        order_id: orderId,
        currency: money.code,
        revenue: minorToNumber(revenue, money.decimals),
        tax: minorToNumber(taxMinor, money.decimals),
        shipping: minorToNumber(shippingMinor, money.decimals),
        items: lines.map(({ line, unitMinor }) => ({
            product_id: line.product.productId,
            quantity: line.quantity,
            item_revenue: minorToNumber(unitMinor * line.quantity, money.decimals),
        })),
    });
    if (pattern === "both" || pattern === "client") {
        // A stale cart on the confirmation page: the browser reports the pre-discount total.
        const clientRevenue = rng.chance(rates.clientRevenueMismatch)
            ? revenueMinor + Math.max(1, Math.round(revenueMinor / 10))
            : revenueMinor;
        const payloadV1 = {
            orderId,
            currency: money.code,
            value: minorToNumber(clientRevenue, money.decimals),
            products: lines.map(({ line, unitMinor }) => ({
                sku: line.product.productId,
                qty: line.quantity,
                price: minorToNumber(unitMinor, money.decimals),
            })),
        };
        const saved = state.t;
        state.t = createdAtMs + rng.int(500, 2000);
        const row = emit(state, rng, ids, rows, "purchase", payloadV2(clientRevenue), payloadV1, `${SITE}/checkout/confirmation`);
        row.orderId = orderId;
        row.currency = money.code;
        row.revenueMinor = clientRevenue;
        state.t = saved;
    }
    if (pattern === "both" || pattern === "server") {
        const row = serverRow(state, rng, ids, createdAtMs + rng.int(0, 300), payloadV2(revenueMinor));
        row.orderId = orderId;
        row.currency = money.code;
        row.revenueMinor = revenueMinor;
        rows.push(row);
    }
    state.t += 2 * SECOND_MS;
}

/** The address as a person types it: random case, sometimes stray spaces. */
function rawEmail(rng: Rng, email: string): string {
    const cased = rng.chance(0.5)
        ? email.replace(/^./, (letter) => letter.toUpperCase()).replace(/@(.)/, (_m, letter: string) => `@${letter.toUpperCase()}`)
        : email;
    return rng.chance(0.2) ? ` ${cased} ` : cased;
}

function latencyMs(rng: Rng, source: "browser" | "app" | "server"): number {
    if (source === "server") return 5 + Math.min(500, Math.floor(rng.exponential(40)));
    if (source === "app") return 100 + Math.min(10_000, Math.floor(rng.exponential(800)));
    return 20 + Math.min(5_000, Math.floor(rng.exponential(300)));
}

/** A client event of the session's device at the current true time. */
function emit(
    state: SessionState,
    rng: Rng,
    ids: IdSource,
    rows: EventRow[],
    canonical: CanonicalEvent,
    payloadV2: Record<string, unknown>,
    payloadV1: Record<string, unknown> | null,
    pageUrl: string | null,
    referrer?: string | null,
): EventRow {
    const { device, person } = state;
    const legacy = device.schemaVersion === 1;
    let name: string = canonical;
    if (legacy) name = LEGACY_NAMES[canonical];
    else if (rng.chance(state.rates.aliasNames)) name = rng.pick(NAME_VARIANTS[canonical]);
    const isWeb = device.source === "browser";
    const consent = device.consentMissing || (device.consentBanner && device.eventsSent === 0) ? null : device.consent;
    device.eventsSent++;
    const row: EventRow = {
        eventId: ids.next(),
        name,
        canonical,
        eventAtMs: state.t + device.skewMs,
        timestampFormat: device.timestampFormat,
        offsetMinutes: person.offsetMinutes,
        receivedAtUs: (state.t + latencyMs(rng, device.source)) * 1000 + rng.int(0, 999),
        userId: device.loggedInAs,
        anonymousId: device.anonymousId,
        source: device.source,
        platform: device.platform,
        schemaVersion: device.schemaVersion,
        consent,
        pageUrl: isWeb ? pageUrl : null,
        referrer: isWeb ? (referrer === undefined ? state.lastPageUrl : referrer) : null,
        userAgent: device.userAgent,
        ip: device.ip,
        locale: person.locale,
        payload: legacy && payloadV1 ? payloadV1 : payloadV2,
        device: state.deviceIndex,
        session: state.session,
        ...UNTOUCHED,
    };
    if (isWeb && pageUrl) state.lastPageUrl = pageUrl.split("?")[0]!;
    if (canonical !== "purchase" && device.loggedInAs !== null) device.identifiedAs = device.loggedInAs;
    rows.push(row);
    return row;
}

/** The backend's own purchase event: no page context, the device's consent and cookie forwarded. */
function serverRow(state: SessionState, rng: Rng, ids: IdSource, atMs: number, payload: Record<string, unknown>): EventRow {
    const { device, person } = state;
    const userId = device.loggedInAs;
    const platform: Platform = "backend";
    return {
        eventId: ids.next(),
        name: "purchase",
        canonical: "purchase",
        eventAtMs: atMs,
        timestampFormat: rng.chance(0.5) ? "naive" : "rfc3339_z",
        offsetMinutes: 0,
        receivedAtUs: (atMs + latencyMs(rng, "server")) * 1000 + rng.int(0, 999),
        userId,
        // The cookie may be missing once the device is known to belong to this user; never for guests.
        anonymousId: userId !== null && device.identifiedAs === userId && rng.chance(0.3) ? null : device.anonymousId,
        source: "server",
        platform,
        schemaVersion: 2,
        consent: device.consentMissing ? null : device.consent,
        pageUrl: null,
        referrer: null,
        userAgent: SERVER_USER_AGENT,
        ip: device.ip,
        locale: person.locale,
        payload,
        device: state.deviceIndex,
        session: state.session,
        ...UNTOUCHED,
    };
}

// ---------------------------------------------------------------- bots

/** A crawler: about a visit a day, a fresh cookie each time, a few dozen pages seconds apart. */
function simulateBot(person: Person, rng: Rng, ids: IdSource, world: World, rows: EventRow[]): void {
    const userAgent = rng.pick(BOT_USER_AGENTS);
    const ip = `66.249.${rng.int(64, 95)}.${rng.int(1, 254)}`;
    let t = world.startMs + Math.floor(rng.float() * 6 * HOUR_MS);
    for (let session = 0; t < world.endMs; session++) {
        const anonymousId = ids.next();
        const pages = rng.int(5, 40);
        for (let i = 0; i < pages; i++) {
            const product = rng.pick(world.products);
            const isProduct = rng.chance(0.6);
            rows.push({
                eventId: ids.next(),
                name: isProduct ? "view_item" : "page_view",
                canonical: isProduct ? "view_item" : "page_view",
                eventAtMs: t,
                timestampFormat: "rfc3339_z",
                offsetMinutes: 0,
                receivedAtUs: (t + latencyMs(rng, "browser")) * 1000 + rng.int(0, 999),
                userId: null,
                anonymousId,
                source: "browser",
                platform: "web",
                schemaVersion: 2,
                consent: JSON.stringify({ analytics: true, ads: false }),
                pageUrl: isProduct
                    ? `${SITE}/p/${product.productId}`
                    : `${SITE}/c/${rng.pick(["shoes", "apparel", "accessories", "equipment"])}`,
                referrer: null,
                userAgent,
                ip,
                locale: "en-US",
                payload: isProduct ? productPayload(product, person.currency, 1) : {},
                device: -1,
                session,
                ...UNTOUCHED,
                fate: "bot",
            });
            t += rng.int(1, 5) * SECOND_MS;
        }
        t += rng.int(10, 40) * HOUR_MS;
    }
}
