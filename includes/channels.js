// @ts-check
/**
 * Channel grouping (docs/data-contract.md, Semantics) kept as data: an ordered list of rules, the
 * first that matches wins, Direct when none does. `channelSql` turns the rules
 * into a SQL CASE over a session's traffic-source columns
 * (tests/includes/channels.test.ts runs it on BigQuery's reference evaluator
 * and on DuckDB).
 *
 * Traffic-source columns (all lower case, NULL when absent): source, medium,
 * campaign, referrer_host (already NULL for own hosts and the page's own
 * host), gclid, msclkid, fbclid, ttclid.
 */
const sql = require("./sql");

/** Host or source labels of search engines and social networks. */
const GROUPS = Object.freeze({
    search: ["google", "bing", "yahoo", "duckduckgo", "baidu", "yandex", "ecosia"],
    social: ["facebook", "instagram", "tiktok", "linkedin", "twitter", "x", "t.co", "pinterest", "reddit", "snapchat", "youtube"],
});

/** @typedef {keyof typeof GROUPS} Group */
/** @typedef {"source" | "medium" | "campaign" | "referrer_host" | "gclid" | "msclkid" | "fbclid" | "ttclid"} Field */

/**
 * One test on a traffic-source field.
 * @typedef {{ field: Field, in: readonly string[] }
 *   | { field: Field, inGroup: Group }
 *   | { field: Field, present: true }} Condition
 */

/**
 * A rule matches when all conditions of any one of its alternatives hold.
 * @typedef {object} Rule
 * @property {string} channel
 * @property {readonly (readonly Condition[])[]} anyOf
 */

const PAID_SEARCH_MEDIUMS = ["cpc", "ppc", "paid_search", "paidsearch"];
const PAID_SOCIAL_MEDIUMS = ["paid_social", "paidsocial", "cpc", "ppc", "paid"];
const EMAIL_VALUES = ["email", "e-mail", "newsletter"];

/** Fields whose presence means campaign parameters were sent. */
const CAMPAIGN_FIELDS = /** @type {const} */ (["source", "medium", "campaign", "gclid", "msclkid", "fbclid", "ttclid"]);

/** @type {Rule[]} */
const RULE_LIST = [
    {
        channel: "Paid Search",
        anyOf: [
            [{ field: "gclid", present: true }],
            [{ field: "msclkid", present: true }],
            [
                { field: "medium", in: PAID_SEARCH_MEDIUMS },
                { field: "source", inGroup: "search" },
            ],
        ],
    },
    {
        channel: "Paid Social",
        anyOf: [
            [
                { field: "medium", in: PAID_SOCIAL_MEDIUMS },
                { field: "source", inGroup: "social" },
            ],
        ],
    },
    { channel: "Display", anyOf: [[{ field: "medium", in: ["display", "banner", "cpm"] }]] },
    { channel: "Email", anyOf: [[{ field: "source", in: EMAIL_VALUES }], [{ field: "medium", in: EMAIL_VALUES }]] },
    { channel: "Affiliates", anyOf: [[{ field: "medium", in: ["affiliate"] }]] },
    { channel: "Organic Social", anyOf: [[{ field: "source", inGroup: "social" }], [{ field: "referrer_host", inGroup: "social" }]] },
    { channel: "Organic Search", anyOf: [[{ field: "referrer_host", inGroup: "search" }], [{ field: "medium", in: ["organic"] }]] },
    { channel: "Referral", anyOf: [[{ field: "medium", in: ["referral"] }], [{ field: "referrer_host", present: true }]] },
    { channel: "Other", anyOf: CAMPAIGN_FIELDS.map((field) => [{ field, present: /** @type {const} */ (true) }]) },
];

/** The rules, in order; the first that matches wins. */
const RULES = Object.freeze(RULE_LIST);

const DEFAULT_CHANNEL = "Direct";

/** Every channel name, in rule order, Direct last: what a channel column may hold. */
const CHANNELS = Object.freeze([...RULES.map((rule) => rule.channel), DEFAULT_CHANNEL]);

/**
 * @param {Condition} condition
 * @param {string} prefix  table alias with a dot, or ""
 * @returns {string}
 */
function conditionSql(condition, prefix) {
    const column = `${prefix}${condition.field}`;
    if ("in" in condition) {
        return `${column} in ${sql.stringList(condition.in)}`;
    }
    if ("inGroup" in condition) {
        return `regexp_contains(${column}, ${sql.labelPattern(GROUPS[condition.inGroup])})`;
    }
    return `${column} is not null`;
}

/**
 * SQL: a CASE giving the channel of a row's traffic-source columns.
 * @param {string} [prefix]  table alias with a dot, or "" (default)
 * @param {number} [level]  indent level of the expression (see sql.caseBlock)
 * @returns {string}
 */
function channelSql(prefix = "", level = 2) {
    const whens = RULES.map((rule) => {
        const alternatives = rule.anyOf.map((all) => all.map((condition) => conditionSql(condition, prefix)).join(" and "));
        const test = alternatives.length === 1 ? alternatives[0] : alternatives.map((a) => `(${a})`).join(" or ");
        return `when ${test} then ${sql.string(rule.channel)}`;
    });
    return sql.caseBlock("case", [...whens, `else ${sql.string(DEFAULT_CHANNEL)}`], level);
}

/**
 * SQL: a channel name as sent (ad spend), matched to the channel names case-insensitively (`paid search`
 * is Paid Search); a name that is no channel is kept, trimmed.
 * @param {string} column
 * @param {number} [level]  indent level of the expression (see sql.caseBlock)
 * @returns {string}
 */
function canonicalChannelSql(column, level = 2) {
    const whens = CHANNELS.map((channel) => `when ${sql.string(channel.toLowerCase())} then ${sql.string(channel)}`);
    return sql.caseBlock(`case lower(trim(${column}))`, [...whens, `else trim(${column})`], level);
}

module.exports = { CHANNELS, DEFAULT_CHANNEL, channelSql, canonicalChannelSql };
