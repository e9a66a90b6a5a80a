// @ts-check
/**
 * Privacy rules (docs/data-contract.md, Semantics): raw e-mail never leaves staging, IPs are
 * dropped (IPv4 /24 may be kept, in staging), and no personal data reaches a table after staging
 * (README.md, Privacy). Pure functions: column in, SQL out. The patterns hold no backslashes
 * (see sql.regexEscape), and none matches a line break.
 */
const sql = require("./sql");

/** What personal data looks like anywhere in a text, by kind. */
const PII_PATTERNS = Object.freeze({
    email: "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[.][A-Za-z]{2,}",
    // international phone numbers (E.164 with optional separators, spaces also URL-encoded) and tel: links
    phone: "[+][0-9]([0-9 ().-]|%20){6,18}[0-9]|tel:([0-9 ().+-]|%20){6,}",
    ipv4: "[0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}",
    // full, or compressed with :: after at least one group
    ipv6: "([0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|[0-9A-Fa-f]{1,4}(:[0-9A-Fa-f]{1,4}){0,5}::([0-9A-Fa-f]{1,4}(:[0-9A-Fa-f]{1,4}){0,5})?",
});

/** @typedef {keyof typeof PII_PATTERNS} PiiKind */

/** What an e-mail address looks like, anywhere in a text. */
const EMAIL_PATTERN = PII_PATTERNS.email;

/** The text columns an event keeps through the intermediate models (each adds its own after them). */
const EVENT_TEXT_COLUMNS = Object.freeze([
    "event_id",
    "event_name",
    "user_id",
    "anonymous_id",
    "source",
    "platform",
    "order_id",
    "currency",
    "product_id",
    "page_url",
    "page_referrer",
    "locale",
    "email_sha256",
]);

/**
 * The text columns of every table after staging (intermediate and marts), by table: what
 * assert_pii__none_after_staging scans. tests/models/privacy.test.ts holds it equal to the STRING
 * columns those tables have, so a new column cannot escape the scan.
 * @type {Readonly<Record<string, readonly string[]>>}
 */
/** Relations after staging the scan leaves out, and why. */
const UNSCANNED_TABLES = Object.freeze({
    // it holds every assertion's outcome, the scan's own included: scanning it would read its own result
    mart_assertion_results: "assertion names and counts the project writes itself",
    // a view: scanning it would classify every session again; int_sessions stores the same columns and is scanned
    int_session_channels: "a view whose columns int_sessions stores",
});

const TEXT_COLUMNS_AFTER_STAGING = Object.freeze({
    int_ad_spend_daily: ["channel"],
    int_changes_applied: ["reader"],
    int_conversion_touchpoints: ["conversion", "conversion_id", "session_id", "channel"],
    int_conversions: ["conversion", "event_id", "session_id", "user_key"],
    int_events_deduplicated: EVENT_TEXT_COLUMNS,
    int_events_stitched: [...EVENT_TEXT_COLUMNS, "user_key"],
    int_events_sessionized: [...EVENT_TEXT_COLUMNS, "user_key", "session_id"],
    int_fx_rates_to_reporting: ["currency"],
    int_identity_map: ["anonymous_id", "user_id"],
    int_order_revenue_changes: ["order_id", "session_id"],
    int_order_touchpoints: ["order_id", "session_id", "channel", "click_id", "click_id_type"],
    int_person_changes: ["user_key"],
    int_sessions: [
        "session_id",
        "user_key",
        "landing_page",
        "source",
        "medium",
        "campaign",
        "referrer_host",
        "gclid",
        "msclkid",
        "fbclid",
        "ttclid",
        "channel",
    ],
    dim_customers: ["user_key", "first_touch_channel", "first_touch_source", "first_touch_medium", "first_touch_campaign"],
    export_ad_conversions: ["order_id", "click_id", "click_id_type", "currency", "email_sha256"],
    fct_events: [
        "event_id",
        "event_name",
        "user_key",
        "user_id",
        "anonymous_id",
        "session_id",
        "source",
        "platform",
        "order_id",
        "page_url",
    ],
    fct_orders: ["order_id", "user_key", "session_id", "currency", "event_source"],
    fct_sessions: ["session_id", "user_key", "channel", "source", "medium", "campaign", "referrer_host", "landing_page"],
    mart_attribution: ["conversion", "conversion_id", "order_id", "model", "session_id", "channel"],
    mart_attribution_daily: ["model", "channel"],
    mart_daily_conversions: ["channel"],
    mart_funnel_daily: ["step_name"],
    mart_campaigns_daily: ["source", "medium", "campaign"],
    mart_consent_daily: ["channel"],
    mart_conversions_daily: ["conversion", "channel"],
    mart_pages_daily: ["page_path"],
    mart_products_daily: ["product_id", "product_name", "product_category"],
});

/**
 * SQL: the text with every e-mail address, phone number and IP address replaced by `[email]`, `[phone]`
 * and `[ip]` (URLs can carry them in paths and query strings).
 * @param {string} column
 * @returns {string}
 */
function redactSql(column) {
    /** @type {[PiiKind, string][]} */
    const replacements = [
        ["email", "[email]"],
        ["phone", "[phone]"],
        ["ipv6", "[ip]"],
        ["ipv4", "[ip]"],
    ];
    return replacements.reduce(
        (text, [kind, mark]) => `regexp_replace(${text}, ${sql.string(PII_PATTERNS[kind])}, ${sql.string(mark)})`,
        column,
    );
}

/**
 * SQL: TRUE when the text holds personal data of any kind (one pass over the text).
 * @param {string} column
 * @returns {string}
 */
function containsPersonalDataSql(column) {
    return `regexp_contains(${column}, ${sql.string(
        Object.values(PII_PATTERNS)
            .map((pattern) => `(${pattern})`)
            .join("|"),
    )})`;
}

/**
 * SQL: the kind of personal data the text holds (`email`, `phone`, `ipv4`, `ipv6`), NULL when none.
 * @param {string} column
 * @param {number} [level]  indent level of the expression (see sql.caseBlock)
 * @returns {string}
 */
function personalDataKindSql(column, level = 2) {
    const whens = Object.entries(PII_PATTERNS).map(
        ([kind, pattern]) => `when regexp_contains(${column}, ${sql.string(pattern)}) then ${sql.string(kind)}`,
    );
    return sql.caseBlock("case", whens, level);
}

/**
 * SQL: hex SHA-256 of the trimmed, lower-cased address.
 * @param {string} column
 * @returns {string}
 */
function emailSha256Sql(column) {
    return `to_hex(sha256(lower(trim(${column}))))`;
}

/**
 * SQL: an IPv4 address truncated to /24 (`203.0.113.7` -> `203.0.113.0`); NULL for anything else.
 * @param {string} column
 * @returns {string}
 */
function ipv4TruncatedSql(column) {
    return `regexp_extract(${column}, '^([0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3})[.][0-9]{1,3}$') || '.0'`;
}

/**
 * SQL: TRUE when any of the text columns holds personal data: one pass over the columns joined by a
 * line break, which no pattern matches, so a match is always inside one column (NULLs read as '').
 * @param {readonly string[]} columns
 * @returns {string}
 */
function anyContainsPersonalDataSql(columns) {
    if (columns.length === 1) return containsPersonalDataSql(columns[0]);
    return containsPersonalDataSql(`concat(${columns.map((column) => `coalesce(${column}, '')`).join(", '\\n', ")})`);
}

module.exports = {
    EMAIL_PATTERN,
    PII_PATTERNS,
    TEXT_COLUMNS_AFTER_STAGING,
    UNSCANNED_TABLES,
    redactSql,
    containsPersonalDataSql,
    anyContainsPersonalDataSql,
    personalDataKindSql,
    emailSha256Sql,
    ipv4TruncatedSql,
};
