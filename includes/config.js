// @ts-check
/**
 * The one module that reads `dataform.projectConfig.vars` (workflow_settings.yaml
 * `vars`, overridable with `--vars`). Every var arrives as a string: this module
 * parses it, applies the default, and throws an error naming the var when a
 * value is invalid. Everything else receives plain, typed values from here.
 */

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
    return new Error(`workflow_settings.yaml var ${name}: ${JSON.stringify(value)} is not valid; expected ${expected}`);
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
 * IANA names (`Europe/Berlin`, `America/Argentina/Buenos_Aires`), `UTC`, or a fixed offset (`+02:00`).
 * @param {VarName} name
 * @param {string} value
 * @returns {string}
 */
function timezone(name, value) {
    if (!/^(?:[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*|[+-]\d{2}(?::?\d{2})?)$/.test(value)) {
        throw invalid(name, value, "a time zone name such as UTC or Europe/Berlin");
    }
    return value;
}

/**
 * @param {VarName} name
 * @param {string} value
 * @returns {string}
 */
function currency(name, value) {
    if (!/^[A-Z]{3}$/.test(value)) {
        throw invalid(name, value, "a three-letter upper-case ISO 4217 code such as USD");
    }
    return value;
}

/**
 * @param {VarName} name
 * @param {string} value
 * @returns {number}
 */
function positiveInteger(name, value) {
    if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
        throw invalid(name, value, "a positive whole number");
    }
    return Number(value);
}

/**
 * @param {VarName} name
 * @param {string} value
 * @returns {number}
 */
function positiveNumber(name, value) {
    const number = Number(value);
    if (!/^\d+(?:\.\d+)?$/.test(value) || !(number > 0)) {
        throw invalid(name, value, "a positive number");
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
        throw invalid(name, value, "a share between 0 and 1");
    }
    return number;
}

/**
 * A whole number of hours up to a year, or 0 for off.
 * @param {VarName} name
 * @param {string} value
 * @returns {number}
 */
function hoursOrOff(name, value) {
    if (!/^\d+$/.test(value) || Number(value) > 8760) {
        throw invalid(name, value, "a whole number of hours from 0 (off) to 8760");
    }
    return Number(value);
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
 * @returns {string[]}
 */
function list(name, value, entry) {
    const items = value
        .split("|")
        .map((item) => item.trim().toLowerCase())
        .filter((item) => item !== "");
    const bad = items.find((item) => !entry.test(item));
    if (bad !== undefined) {
        throw invalid(name, value, `a |-separated list whose entries match ${entry} (${JSON.stringify(bad)} does not)`);
    }
    return items;
}

/**
 * Parses and validates the project's vars. Pure: the same vars give the same settings.
 * @param {Readonly<Record<string, string | undefined>>} vars  all strings, as Dataform passes them
 * @returns {Settings}
 */
function parseVars(vars) {
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
    const hostEntry = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/;
    const funnelSteps = list("funnel_steps", read("funnel_steps"), /^[a-z][a-z0-9_]*$/);
    if (funnelSteps.length === 0) {
        throw invalid("funnel_steps", read("funnel_steps"), "at least one event name");
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
        lateThresholdMinutes: positiveInteger("late_threshold_minutes", read("late_threshold_minutes")),
        futureToleranceMinutes: positiveInteger("future_tolerance_minutes", read("future_tolerance_minutes")),
        sessionTimeoutMinutes: positiveInteger("session_timeout_minutes", read("session_timeout_minutes")),
        attributionLookbackDays: positiveInteger("attribution_lookback_days", read("attribution_lookback_days")),
        attributionHalfLifeDays: positiveNumber("attribution_half_life_days", read("attribution_half_life_days")),
        consentDefaultAnalytics: consent("consent_default_analytics", read("consent_default_analytics")),
        consentDefaultAds: consent("consent_default_ads", read("consent_default_ads")),
        ownHosts: list("own_hosts", read("own_hosts"), hostEntry),
        botPatterns: list("bot_patterns", read("bot_patterns"), /^[^\s[\]\\]+$/),
        funnelSteps,
        latePurchaseTolerance: share("late_purchase_tolerance", read("late_purchase_tolerance")),
        minMatchRate: share("min_match_rate", read("min_match_rate")),
        incrementalLookbackDays: positiveInteger("incremental_lookback_days", read("incremental_lookback_days")),
        freshnessMaxHours: hoursOrOff("freshness_max_hours", read("freshness_max_hours")),
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

/** The settings of the project being compiled. */
const settings = parseVars(projectVars());

module.exports = { VAR_DEFAULTS, parseVars, settings };
