/**
 * Parameters of the synthetic traffic: the four command-line knobs and the
 * defect rates, with their defaults, validated in one place.
 *
 * Rates are probabilities in [0, 1]. "Of eligible rows" means rows that the
 * defect layer may touch: rows of consenting human devices that carry no
 * identity evidence the truth depends on (see defects.ts). Override any rate
 * with `--rates name=value,name=value` on the command line.
 */

export interface GeneratorOptions {
    /** Folder the NDJSON files and truth.json are written to. */
    out: string;
    /** Simulated days: sessions start in [start, start + days). */
    days: number;
    /** Human users (people); bots come on top, `rates.botShare * users` of them. */
    users: number;
    seed: number;
    /** First simulated day, YYYY-MM-DD (UTC). */
    start: string;
    rates: DefectRates;
    /** The settings truth.json's `marts` figures are computed for (vars of the run they are checked against); defaults when absent. */
    reporting?: Partial<ReportingSettings>;
}

/** The vars that change what the marts show for the same raw rows. */
export interface ReportingSettings {
    currency: string;
    timezone: string;
    sessionTimeoutMinutes: number;
}

export interface DefectRates {
    /** Bot agents per human user. */
    botShare: number;
    /** Share of devices whose analytics consent is false (every row of such a device is dropped for consent). */
    consentDenied: number;
    /** Share of devices that never send consent (null: the defaults apply). */
    consentMissing: number;
    /** Share of devices that send null consent on their very first event (banner not answered yet). */
    consentBanner: number;
    /** Share of consenting devices that deny ads consent. */
    adsDenied: number;
    /** Share of client devices on the legacy SDK (schema_version 1 payloads, Segment-style names). */
    legacySchema: number;
    /** Share of schema-2 client events sent under an alias or another casing. */
    aliasNames: number;
    /** Share of customers who start using a second account (their devices then map to it). */
    secondAccount: number;
    /** Share of client devices whose clock is off by up to 15 s (never enough to look future). */
    clockSkew: number;

    // Quarantine reasons: at most one per row, of eligible rows.
    missingEventId: number;
    missingIdentity: number;
    unparseableTimestamp: number;
    futureTimestamp: number;
    /** source, platform or schema_version outside its values. */
    invalidEnum: number;
    /** consent that is not a JSON object, or whose flags are not true/false. */
    invalidConsent: number;
    /** context that is not strict JSON (a trailing comma, a lone surrogate escape). */
    invalidContext: number;
    /** payload that is not a JSON object as BigQuery reads one (cut off, Python quotes, a lone surrogate, a trailing comma...). */
    invalidPayload: number;
    /** Per session: an extra event whose name is not in the tracking plan. */
    unknownEvent: number;
    /** Of eligible purchase, view_item and add_to_cart rows. */
    missingRequiredProperty: number;
    /** Of eligible purchase and add_to_cart rows: negative or out-of-range revenue, an unknown currency, a negative item quantity. */
    invalidValue: number;

    /** Of kept rows: the collector receives the same row again (same event_id). */
    replay: number;
    /** Of kept browser rows: a beacon retried 2 to 50 hours later. */
    lateBrowser: number;
    /** Of app sessions: the whole session is sent 2 to 50 hours late (offline batch). */
    lateAppSession: number;
    /** Of kept server purchases: delivered 2 to 50 hours after the order (a backed-up queue), so late against their order. */
    latePurchase: number;

    /** How an order's purchase events arrive: both client and server ... */
    purchaseBoth: number;
    /** ... server only (client blocked) ... */
    purchaseServerOnly: number;
    /** ... client only; the rest (1 - the three) never arrive. */
    purchaseClientOnly: number;
    /** Of client purchase events: revenue differs from the server's (stale cart). */
    clientRevenueMismatch: number;
    /** Of orders with events: the order is missing from the orders export. */
    missingInBackend: number;
    refunded: number;
    cancelled: number;
    /** Of e-mail-channel landings of known customers: the raw address is in the URL. */
    emailInUrl: number;
}

export const DEFAULT_RATES: DefectRates = {
    botShare: 0.02,
    consentDenied: 0.06,
    consentMissing: 0.12,
    consentBanner: 0.2,
    adsDenied: 0.3,
    legacySchema: 0.2,
    aliasNames: 0.25,
    clockSkew: 0.1,
    secondAccount: 0.05,
    missingEventId: 0.003,
    missingIdentity: 0.003,
    unparseableTimestamp: 0.003,
    futureTimestamp: 0.003,
    invalidEnum: 0.002,
    invalidConsent: 0.002,
    invalidContext: 0.002,
    invalidPayload: 0.003,
    unknownEvent: 0.03,
    missingRequiredProperty: 0.02,
    invalidValue: 0.02,
    replay: 0.01,
    lateBrowser: 0.004,
    lateAppSession: 0.08,
    latePurchase: 0.02,
    purchaseBoth: 0.6,
    purchaseServerOnly: 0.2,
    purchaseClientOnly: 0.15,
    clientRevenueMismatch: 0.1,
    missingInBackend: 0.01,
    refunded: 0.05,
    cancelled: 0.03,
    emailInUrl: 0.15,
};

export const DEFAULT_OPTIONS = {
    days: 7,
    users: 2000,
    seed: 1,
    start: "2024-03-01",
} as const;

/** Limits that keep a run meaningful and ids unique (person and event counters are 24 bits each). */
export const LIMITS = { maxDays: 366, maxUsers: 10_000_000 } as const;

/** Problems with the options, one message each; empty when they are valid. */
export function validateOptions(options: GeneratorOptions): string[] {
    const problems: string[] = [];
    if (!options.out) problems.push("--out is required");
    if (!Number.isInteger(options.days) || options.days < 1 || options.days > LIMITS.maxDays) {
        problems.push(`--days must be an integer from 1 to ${LIMITS.maxDays}`);
    }
    if (!Number.isInteger(options.users) || options.users < 1 || options.users > LIMITS.maxUsers) {
        problems.push(`--users must be an integer from 1 to ${LIMITS.maxUsers}`);
    }
    if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) {
        problems.push("--seed must be an integer from 0 to 4294967295");
    }
    if (!isIsoDate(options.start)) problems.push("--start must be a date YYYY-MM-DD");
    for (const [name, value] of Object.entries(options.rates)) {
        if (!(typeof value === "number" && value >= 0 && value <= 1)) problems.push(`rate ${name} must be in [0, 1]`);
    }
    const purchase = options.rates.purchaseBoth + options.rates.purchaseServerOnly + options.rates.purchaseClientOnly;
    if (purchase > 1) problems.push("purchaseBoth + purchaseServerOnly + purchaseClientOnly must be at most 1");
    return problems;
}

export function isIsoDate(text: string): boolean {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Parses `name=value,name=value` over the defaults; throws on an unknown name or a non-number. */
export function parseRates(text: string | undefined, base: DefectRates = DEFAULT_RATES): DefectRates {
    const rates: DefectRates = { ...base };
    if (!text) return rates;
    for (const part of text.split(",").filter((item) => item.trim() !== "")) {
        const [name, value, ...rest] = part.split("=").map((item) => item.trim());
        if (!name || value === undefined || rest.length > 0) throw new Error(`--rates: expected name=value, got ${JSON.stringify(part)}`);
        if (!(name in rates)) throw new Error(`--rates: unknown rate ${JSON.stringify(name)} (known: ${Object.keys(rates).join(", ")})`);
        const number = Number(value);
        if (value === "" || !Number.isFinite(number)) throw new Error(`--rates: ${name} is not a number: ${JSON.stringify(value)}`);
        rates[name as keyof DefectRates] = number;
    }
    return rates;
}
