// @ts-check
/**
 * The one module that reads `dataform.projectConfig.vars` (workflow_settings.yaml
 * `vars`, overridable with `--vars`). Every var arrives as a string: this module
 * parses it, applies the default, and refuses an unknown var or an invalid value
 * with one error naming the var, the value and what is allowed. Everything else
 * receives plain, typed values from here.
 */
const tracking_plan = require("./tracking_plan");

/**
 * @typedef {object} Datasets
 * @property {string} raw
 * @property {string} staging
 * @property {string} intermediate
 * @property {string} marts
 */

/**
 * @typedef {object} Settings
 * @property {Datasets} datasets
 * @property {string} sourceTimezone            time zone of naive event timestamps
 * @property {string} reportingTimezone         time zone of every `date` column
 * @property {string} reportingCurrency         ISO 4217 code money is reported in
 * @property {number} lateThresholdMinutes      latency above which an event is late
 * @property {number} futureToleranceMinutes    event_at beyond received_at + this is a future timestamp
 * @property {number} sessionTimeoutMinutes     inactivity gap that starts a new session
 * @property {number} attributionLookbackDays   sessions started this many days before an order count
 * @property {number} attributionHalfLifeDays   half-life of the time_decay model
 * @property {boolean} consentDefaultAnalytics  analytics consent when the event carries none
 * @property {boolean} consentDefaultAds        ads consent when the event carries none
 * @property {string[]} ownHosts                hosts that never count as referrers
 * @property {string[]} botPatterns             case-insensitive user-agent substrings of bots
 * @property {string[]} funnelSteps             canonical event names of the funnel, in order
 * @property {number} latePurchaseTolerance     highest acceptable share of late purchase events per day
 * @property {number} latePurchaseMinOrders     matched orders a day needs before its late share is judged
 * @property {number} minMatchRate              lowest acceptable daily reconciliation match rate
 * @property {number} incrementalLookbackDays   received dates an incremental run reprocesses before the latest one it holds
 * @property {number} freshnessMaxHours         newest raw row older than this many hours fails the freshness assertion; 0 = off
 * @property {number} volumeTolerance           a day's raw rows beyond the trailing 7-day median x (1 +- this) fail the volume assertion
 */

/** Default value of every var, as the string workflow_settings.yaml would hold. */
const VAR_DEFAULTS = Object.freeze({
    raw_dataset: "raw",
    staging_dataset: "staging",
    intermediate_dataset: "intermediate",
    marts_dataset: "marts",
    source_timezone: "UTC",
    reporting_timezone: "UTC",
    reporting_currency: "USD",
    late_threshold_minutes: "60",
    future_tolerance_minutes: "5",
    session_timeout_minutes: "30",
    attribution_lookback_days: "30",
    attribution_half_life_days: "7",
    consent_default_analytics: "granted",
    consent_default_ads: "denied",
    own_hosts: "",
    bot_patterns: "bot|crawler|spider|slurp|headlesschrome|phantomjs|curl/|wget/|python-requests|go-http-client|lighthouse|pingdom",
    funnel_steps: "view_item|add_to_cart|begin_checkout|purchase",
    late_purchase_tolerance: "0.1",
    late_purchase_min_orders: "20",
    min_match_rate: "0.7",
    incremental_lookback_days: "3",
    freshness_max_hours: "0",
    volume_tolerance: "0.5",
});

/** @typedef {keyof typeof VAR_DEFAULTS} VarName */

/**
 * @param {VarName} name
 * @param {string} value
 * @param {string} expected
 * @returns {Error}
 */
function invalid(name, value, expected) {
    return new Error(`var ${name}: ${JSON.stringify(value)} is not valid; expected ${expected}`);
}

/**
 * @param {VarName} name
 * @param {string} value
 * @returns {string}
 */
function datasetName(name, value) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,1023}$/.test(value)) {
        throw invalid(name, value, "a BigQuery dataset name (letters, digits, underscores)");
    }
    return value;
}

/**
 * A time zone of the IANA database as JavaScript's Intl knows it (`UTC`, `Europe/Berlin`, links such as
 * `US/Pacific`), spelt with its own case, or a fixed offset from UTC (`+02:00`, `-0530`, `+01`).
 * @param {VarName} name
 * @param {string} value
 * @returns {string}
 */
function timezone(name, value) {
    const expected = "an IANA time zone name such as UTC or Europe/Berlin, or an offset such as +02:00";
    const offset = /^[+-](\d{2})(?::?(\d{2}))?$/.exec(value);
    if (offset) {
        if (Number(offset[1]) > 14 || Number(offset[2] ?? 0) > 59) throw invalid(name, value, expected);
        return value;
    }
    /** @type {string} */
    let known;
    try {
        known = new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
    } catch {
        throw invalid(name, value, `${expected} (the IANA time zone database has no ${JSON.stringify(value)})`);
    }
    if (known !== value && known.toLowerCase() === value.toLowerCase()) {
        throw invalid(name, value, `a time zone spelt as the IANA database spells it: ${known}`);
    }
    return value;
}

/**
 * An ISO 4217 currency code in upper case; the list is Intl's (ICU's), where the runtime has one.
 * @param {VarName} name
 * @param {string} value
 * @returns {string}
 */
function currency(name, value) {
    const expected = "an ISO 4217 currency code in upper case, such as USD or EUR";
    if (!/^[A-Z]{3}$/.test(value)) {
        const upper = value.toUpperCase();
        throw invalid(name, value, /^[A-Z]{3}$/.test(upper) ? `${expected} (${upper}?)` : expected);
    }
    const intl = /** @type {{ supportedValuesOf?: (key: string) => string[] }} */ (Intl);
    if (typeof intl.supportedValuesOf === "function" && !intl.supportedValuesOf("currency").includes(value)) {
        throw invalid(name, value, `${expected} (ISO 4217 has no ${value})`);
    }
    return value;
}

/**
 * @param {VarName} name
 * @param {string} value
 * @param {number} min
 * @param {number} max
 * @returns {number}
 */
function wholeNumber(name, value, min, max) {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) {
        throw invalid(name, value, `a whole number from ${min} to ${max}`);
    }
    return number;
}

/**
 * @param {VarName} name
 * @param {string} value
 * @param {number} max
 * @returns {number}
 */
function positiveNumber(name, value, max) {
    const number = Number(value);
    if (!/^\d+(?:\.\d+)?$/.test(value) || !(number > 0) || number > max) {
        throw invalid(name, value, `a number above 0 and at most ${max}`);
    }
    return number;
}

/**
 * @param {VarName} name
 * @param {string} value
 * @returns {number}
 */
function share(name, value) {
    const number = Number(value);
    if (!/^\d+(?:\.\d+)?$/.test(value) || number > 1) {
        throw invalid(name, value, "a share from 0 to 1, such as 0.7");
    }
    return number;
}

/**
 * @param {VarName} name
 * @param {string} value
 * @returns {boolean}
 */
function consent(name, value) {
    if (value !== "granted" && value !== "denied") {
        throw invalid(name, value, "granted or denied");
    }
    return value === "granted";
}

/**
 * A `|`-separated list; blanks are ignored, entries trimmed and lower-cased.
 * @param {VarName} name
 * @param {string} value
 * @param {RegExp} entry  what each entry must look like
 * @param {string} described  what an entry is, in words
 * @returns {string[]}
 */
function list(name, value, entry, described) {
    const items = value
        .split("|")
        .map((item) => item.trim().toLowerCase())
        .filter((item) => item !== "");
    const bad = items.find((item) => !entry.test(item));
    if (bad !== undefined) {
        throw invalid(name, value, `a |-separated list of ${described} (${JSON.stringify(bad)} is not one)`);
    }
    return items;
}

/**
 * Edit distance of two names (insertions, deletions, substitutions), for "did you mean".
 * @param {string} a
 * @param {string} b
 * @returns {number}
 */
function distance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}

/**
 * Refuses a var this project does not know, naming the nearest known one.
 * @param {readonly string[]} names
 */
function checkNames(names) {
    const known = Object.keys(VAR_DEFAULTS);
    const unknown = names.find((name) => !known.includes(name));
    if (unknown === undefined) return;
    const nearest = known.reduce((best, name) => (distance(unknown, name) < distance(unknown, best) ? name : best));
    throw new Error(
        `var ${unknown} is not a var of this project; did you mean ${nearest}? (a "," inside a --vars value also makes one: ` +
            "dataform --vars splits k=v,k2=v2 at every comma; the vars are listed in README.md, Vars)",
    );
}

/**
 * Parses and validates the project's vars. Pure: the same vars give the same settings.
 * @param {Readonly<Record<string, string | undefined>>} vars  all strings, as Dataform passes them
 * @returns {Settings}
 */
function parseVars(vars) {
    checkNames(Object.keys(vars));
    /** @param {VarName} name */
    const read = (name) => {
        const value = vars[name];
        if (value === undefined || value === null) {
            return VAR_DEFAULTS[name];
        }
        if (typeof value !== "string") {
            throw invalid(name, String(value), "a string (Dataform passes every var as a string)");
        }
        return value.trim();
    };
    const hostEntry = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;
    const events = Object.keys(tracking_plan.EVENTS);
    const funnelSteps = list("funnel_steps", read("funnel_steps"), /^[a-z][a-z0-9_]*$/, "event names");
    const badStep = funnelSteps.find((step, index) => !events.includes(step) || funnelSteps.indexOf(step) !== index);
    if (funnelSteps.length === 0 || badStep !== undefined) {
        throw invalid(
            "funnel_steps",
            read("funnel_steps"),
            `distinct event names of the tracking plan (${events.join(", ")}), at least one`,
        );
    }
    return {
        datasets: {
            raw: datasetName("raw_dataset", read("raw_dataset")),
            staging: datasetName("staging_dataset", read("staging_dataset")),
            intermediate: datasetName("intermediate_dataset", read("intermediate_dataset")),
            marts: datasetName("marts_dataset", read("marts_dataset")),
        },
        sourceTimezone: timezone("source_timezone", read("source_timezone")),
        reportingTimezone: timezone("reporting_timezone", read("reporting_timezone")),
        reportingCurrency: currency("reporting_currency", read("reporting_currency")),
        lateThresholdMinutes: wholeNumber("late_threshold_minutes", read("late_threshold_minutes"), 1, 10080),
        futureToleranceMinutes: wholeNumber("future_tolerance_minutes", read("future_tolerance_minutes"), 1, 1440),
        sessionTimeoutMinutes: wholeNumber("session_timeout_minutes", read("session_timeout_minutes"), 1, 1440),
        attributionLookbackDays: wholeNumber("attribution_lookback_days", read("attribution_lookback_days"), 1, 365),
        attributionHalfLifeDays: positiveNumber("attribution_half_life_days", read("attribution_half_life_days"), 365),
        consentDefaultAnalytics: consent("consent_default_analytics", read("consent_default_analytics")),
        consentDefaultAds: consent("consent_default_ads", read("consent_default_ads")),
        ownHosts: list("own_hosts", read("own_hosts"), hostEntry, "host names such as shop.example.com"),
        botPatterns: list(
            "bot_patterns",
            read("bot_patterns"),
            /^[^\s\p{Cc}[\]\\]+$/u,
            "user-agent fragments without spaces, control characters, brackets or backslashes",
        ),
        funnelSteps,
        latePurchaseTolerance: share("late_purchase_tolerance", read("late_purchase_tolerance")),
        latePurchaseMinOrders: wholeNumber("late_purchase_min_orders", read("late_purchase_min_orders"), 1, 1000000),
        minMatchRate: share("min_match_rate", read("min_match_rate")),
        incrementalLookbackDays: wholeNumber("incremental_lookback_days", read("incremental_lookback_days"), 1, 3650),
        // 0 turns the freshness check off
        freshnessMaxHours: wholeNumber("freshness_max_hours", read("freshness_max_hours"), 0, 8760),
        volumeTolerance: share("volume_tolerance", read("volume_tolerance")),
    };
}

/**
 * The vars of the project being compiled; empty outside Dataform (unit tests).
 * @returns {Record<string, string>}
 */
function projectVars() {
    /** @type {{ projectConfig?: { vars?: Record<string, string> } } | undefined} */
    const dataform = /** @type {any} */ (globalThis).dataform;
    return (dataform && dataform.projectConfig && dataform.projectConfig.vars) || {};
}

/**
 * The settings of the project being compiled. An invalid var is reported to Dataform as one compilation
 * error (so the run stops with that message, not with one "config is not defined" per file) and the
 * defaults stand in for the rest of the compilation, which fails.
 * @returns {Settings}
 */
function projectSettings() {
    try {
        return parseVars(projectVars());
    } catch (error) {
        /** @type {{ compileError?: (error: string, path: string) => void } | undefined} */
        const session = /** @type {any} */ (globalThis).dataform;
        if (!session || typeof session.compileError !== "function") throw error;
        session.compileError(/** @type {Error} */ (error).message, "includes/config.js");
        return parseVars({});
    }
}

const settings = projectSettings();

module.exports = { VAR_DEFAULTS, parseVars, settings };
