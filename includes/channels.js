// @ts-check
/**
 * Channel grouping (docs/data-contract.md, Semantics) kept as data: an ordered
 * list of rules, the first that matches wins, Unassigned when none does. The
 * defaults follow GA4's default channel group (its channels, source categories
 * and order of precedence; https://support.google.com/analytics/answer/9756891).
 * An adopter changes them in includes/custom/channels.js, which `mergeChannelRules`
 * merges with the defaults and validates, naming the rule of the first error.
 *
 * Rules read GA4's session fields, derived from the landing page by
 * `trafficSourceSql`: source and medium (utm parameters when tagged, else
 * google / cpc for a gclid, the referrer with organic or referral, ...,
 * (direct) / (none)), campaign, and the raw referrer_host and click ids.
 * Matching is case-insensitive everywhere: values are compared lower-cased.
 */
const sql = require("./sql");
const custom = require("./custom/channels");

/** The fields a rule may test. */
const FIELDS = Object.freeze(["source", "medium", "campaign", "referrer_host", "gclid", "msclkid", "fbclid", "ttclid"]);

/** @typedef {"source" | "medium" | "campaign" | "referrer_host" | "gclid" | "msclkid" | "fbclid" | "ttclid"} Field */

/**
 * One test on a field: equal to one of `in`; a host or source in the source
 * list `inList` (whole dot-separated labels: `google` matches `www.google.co.uk`);
 * the regular expression `matches` finds a match (RE2, case-insensitive, no
 * backslashes); or `present`.
 * @typedef {{ field: Field, in: readonly string[] }
 *   | { field: Field, inList: string }
 *   | { field: Field, matches: string }
 *   | { field: Field, present: true }} Condition
 */

/**
 * A rule matches when all conditions of any one of its alternatives hold.
 * @typedef {object} Rule
 * @property {string} channel
 * @property {readonly (readonly Condition[])[]} anyOf
 */

/**
 * What includes/custom/channels.js may export (every key optional).
 * @typedef {object} Overrides
 * @property {Readonly<Record<string, readonly string[]>>} [sourceLists]  entries added to a default list, or a new list
 * @property {readonly (Rule & { before?: string, after?: string })[]} [rules]  a rule named like a default replaces it (in its place unless before/after says otherwise); a new one goes before `before`, after `after`, else last
 * @property {readonly string[]} [remove]  default rules to drop, by channel
 * @property {readonly string[]} [order]  every channel, in the order the rules are tried
 */

/** Source categories, as GA4's lists name them; the most common entries of each. */
const DEFAULT_SOURCE_LISTS = Object.freeze({
    search: [
        "google",
        "bing",
        "yahoo",
        "duckduckgo",
        "baidu",
        "yandex",
        "ecosia",
        "ask",
        "aol",
        "naver",
        "seznam",
        "qwant",
        "startpage",
        "search.brave",
    ],
    social: [
        "facebook",
        "fb",
        "instagram",
        "ig",
        "linkedin",
        "lnkd.in",
        "twitter",
        "x",
        "t.co",
        "pinterest",
        "reddit",
        "snapchat",
        "tiktok",
        "tumblr",
        "quora",
        "threads",
        "whatsapp",
        "discord",
        "vk",
        "weibo",
    ],
    shopping: [
        "amazon",
        "ebay",
        "etsy",
        "walmart",
        "alibaba",
        "aliexpress",
        "shopify",
        "mercadolibre",
        "rakuten",
        "zalando",
        "shopping.google",
    ],
    video: ["youtube", "vimeo", "twitch", "dailymotion", "wistia"],
});

/** GA4's paid mediums and shopping campaigns (regular expressions, lower case). */
const PAID_MEDIUM = "^(.*cp.*|ppc|retargeting|paid.*)$";
const SHOPPING_CAMPAIGN = "^(.*(([^a-df-z]|^)shop|shopping).*)$";

/** @type {(field: Field, values: readonly string[]) => Condition} */
const isIn = (field, values) => ({ field, in: values });
/** @type {(field: Field, list: string) => Condition} */
const inList = (field, list) => ({ field, inList: list });
/** @type {(field: Field, pattern: string) => Condition} */
const matches = (field, pattern) => ({ field, matches: pattern });
const paid = matches("medium", PAID_MEDIUM);
const EMAIL_VALUES = ["email", "e-mail", "e_mail", "e mail"];

/** GA4's default channel group, in its order of precedence. */
/** @type {readonly Rule[]} */
const DEFAULT_RULES = Object.freeze([
    { channel: "Direct", anyOf: [[isIn("source", ["(direct)"]), isIn("medium", ["(not set)", "(none)"])]] },
    { channel: "Cross-network", anyOf: [[matches("campaign", "cross-network")]] },
    {
        channel: "Paid Shopping",
        anyOf: [
            [inList("source", "shopping"), paid],
            [matches("campaign", SHOPPING_CAMPAIGN), paid],
        ],
    },
    { channel: "Paid Search", anyOf: [[inList("source", "search"), paid]] },
    { channel: "Paid Social", anyOf: [[inList("source", "social"), paid]] },
    { channel: "Paid Video", anyOf: [[inList("source", "video"), paid]] },
    { channel: "Display", anyOf: [[isIn("medium", ["display", "banner", "expandable", "interstitial", "cpm"])]] },
    { channel: "Paid Other", anyOf: [[paid]] },
    { channel: "Organic Shopping", anyOf: [[inList("source", "shopping")], [matches("campaign", SHOPPING_CAMPAIGN)]] },
    {
        channel: "Organic Social",
        anyOf: [
            [inList("source", "social")],
            [isIn("medium", ["social", "social-network", "social-media", "sm", "social network", "social media"])],
        ],
    },
    { channel: "Organic Video", anyOf: [[inList("source", "video")], [matches("medium", "video")]] },
    { channel: "Organic Search", anyOf: [[inList("source", "search")], [isIn("medium", ["organic"])]] },
    { channel: "Referral", anyOf: [[isIn("medium", ["referral", "app", "link"])]] },
    { channel: "Email", anyOf: [[isIn("source", EMAIL_VALUES)], [isIn("medium", EMAIL_VALUES)]] },
    { channel: "Affiliates", anyOf: [[isIn("medium", ["affiliate"])]] },
    { channel: "Audio", anyOf: [[isIn("medium", ["audio"])]] },
    { channel: "SMS", anyOf: [[isIn("source", ["sms"])], [isIn("medium", ["sms"])]] },
    {
        channel: "Mobile Push Notifications",
        anyOf: [[matches("medium", "push$")], [matches("medium", "mobile|notification")], [isIn("source", ["firebase"])]],
    },
]);

/** The channel of a session no rule matches. */
const UNASSIGNED_CHANNEL = "Unassigned";

/** The channel of a session without any traffic source; last_non_direct attribution skips it. */
const DEFAULT_CHANNEL = "Direct";

/** GA4's source and medium of a session that has no traffic source at all. */
const NO_SOURCE = Object.freeze({ source: "(direct)", medium: "(none)" });

const OVERRIDES_FILE = "includes/custom/channels.js";

/**
 * @param {string} where
 * @param {string} message
 * @returns {Error}
 */
function invalid(where, message) {
    return new Error(`${OVERRIDES_FILE}: ${where}: ${message}`);
}

/**
 * @param {unknown} value
 * @returns {value is string}
 */
const isText = (value) => typeof value === "string" && value.trim() !== "";

/**
 * @param {Readonly<Record<string, unknown>>} object
 * @param {readonly string[]} known
 * @param {string} where
 */
function checkKeys(object, known, where) {
    const unknown = Object.keys(object).find((key) => !known.includes(key));
    if (unknown !== undefined) {
        throw invalid(where, `unknown key ${JSON.stringify(unknown)}; expected ${known.join(", ")}`);
    }
}

/**
 * Lower-cases and checks one condition.
 * @param {unknown} value
 * @param {Readonly<Record<string, readonly string[]>>} lists
 * @param {string} where
 * @returns {Condition}
 */
function checkedCondition(value, lists, where) {
    if (typeof value !== "object" || value === null) {
        throw invalid(where, 'a condition is an object such as { field: "source", in: ["newsletter"] }');
    }
    const condition = /** @type {Record<string, unknown>} */ (value);
    checkKeys(condition, ["field", "in", "inList", "matches", "present"], where);
    const field = condition.field;
    if (typeof field !== "string" || !FIELDS.includes(field)) {
        throw invalid(where, `field ${JSON.stringify(field)} is not one of ${FIELDS.join(", ")}`);
    }
    const tests = ["in", "inList", "matches", "present"].filter((key) => key in condition);
    if (tests.length !== 1) {
        throw invalid(where, `needs exactly one of in, inList, matches, present (has ${tests.length === 0 ? "none" : tests.join(", ")})`);
    }
    const typedField = /** @type {Field} */ (field);
    if ("in" in condition) {
        const values = condition.in;
        if (!Array.isArray(values) || values.length === 0 || !values.every(isText)) {
            throw invalid(where, "in must be a non-empty list of strings");
        }
        return isIn(
            typedField,
            values.map((entry) => entry.trim().toLowerCase()),
        );
    }
    if ("inList" in condition) {
        if (typeof condition.inList !== "string" || !(condition.inList in lists)) {
            throw invalid(where, `inList ${JSON.stringify(condition.inList)} is not a source list (${Object.keys(lists).join(", ")})`);
        }
        return inList(typedField, condition.inList);
    }
    if ("matches" in condition) {
        const pattern = condition.matches;
        if (!isText(pattern) || pattern.includes("\\")) {
            throw invalid(where, "matches must be a non-empty regular expression without backslashes (write [.] for a dot)");
        }
        try {
            new RegExp(pattern);
        } catch (error) {
            throw invalid(
                where,
                `matches ${JSON.stringify(pattern)} is not a regular expression (${/** @type {Error} */ (error).message})`,
            );
        }
        return matches(typedField, pattern);
    }
    if (condition.present !== true) {
        throw invalid(where, "present must be true");
    }
    return { field: typedField, present: true };
}

/**
 * Checks one rule (channel and alternatives), lower-casing its values.
 * @param {unknown} value
 * @param {Readonly<Record<string, readonly string[]>>} lists
 * @param {number} index
 * @returns {Rule & { before?: string, after?: string }}
 */
function checkedRule(value, lists, index) {
    if (typeof value !== "object" || value === null) {
        throw invalid(`rules[${index}]`, "a rule is an object { channel, anyOf }");
    }
    const rule = /** @type {Record<string, unknown>} */ (value);
    const name = isText(rule.channel) ? `rule "${rule.channel}"` : `rules[${index}]`;
    checkKeys(rule, ["channel", "anyOf", "before", "after"], name);
    if (!isText(rule.channel) || rule.channel !== rule.channel.trim()) {
        throw invalid(name, "channel must be a non-empty name without surrounding spaces");
    }
    if (!Array.isArray(rule.anyOf) || rule.anyOf.length === 0) {
        throw invalid(name, "anyOf must be a non-empty list of alternatives, each a list of conditions");
    }
    const anyOf = rule.anyOf.map((all, i) => {
        if (!Array.isArray(all) || all.length === 0) {
            throw invalid(`${name}, alternative ${i + 1}`, "an alternative is a non-empty list of conditions");
        }
        return all.map((condition, j) => checkedCondition(condition, lists, `${name}, alternative ${i + 1}, condition ${j + 1}`));
    });
    if (rule.before !== undefined && rule.after !== undefined) {
        throw invalid(name, "give before or after, not both");
    }
    for (const key of /** @type {const} */ (["before", "after"])) {
        if (rule[key] !== undefined && !isText(rule[key])) {
            throw invalid(name, `${key} must name a channel`);
        }
    }
    return {
        channel: rule.channel,
        anyOf,
        ...(rule.before !== undefined ? { before: /** @type {string} */ (rule.before) } : {}),
        ...(rule.after !== undefined ? { after: /** @type {string} */ (rule.after) } : {}),
    };
}

/**
 * @param {readonly Rule[]} rules
 * @param {string} channel
 * @returns {number}
 */
const indexOfChannel = (rules, channel) => rules.findIndex((rule) => rule.channel.toLowerCase() === channel.toLowerCase());

/**
 * The defaults merged with an adopter's overrides, validated: source lists
 * extended, rules replaced, added, removed and reordered. Throws an error
 * naming the file and the rule at the first problem. Pure.
 * @param {unknown} overrides  what includes/custom/channels.js exports
 * @returns {{ rules: readonly Rule[], sourceLists: Readonly<Record<string, readonly string[]>> }}
 */
function mergeChannelRules(overrides) {
    if (typeof overrides !== "object" || overrides === null) {
        throw invalid("module.exports", "must be an object { sourceLists, rules, remove, order }");
    }
    const given = /** @type {Record<string, unknown>} */ (overrides);
    checkKeys(given, ["sourceLists", "rules", "remove", "order"], "module.exports");

    /** @type {Record<string, string[]>} */
    const sourceLists = Object.fromEntries(Object.entries(DEFAULT_SOURCE_LISTS).map(([name, entries]) => [name, [...entries]]));
    const extraLists = given.sourceLists ?? {};
    if (typeof extraLists !== "object" || extraLists === null || Array.isArray(extraLists)) {
        throw invalid("sourceLists", 'must be an object { listName: ["entry", ...] }');
    }
    for (const [name, entries] of Object.entries(extraLists)) {
        if (!/^[a-z][a-z0-9_]*$/.test(name)) {
            throw invalid(`sourceLists.${name}`, "a list name is lower case letters, digits and underscores");
        }
        if (!Array.isArray(entries) || entries.length === 0 || !entries.every((entry) => isText(entry) && !/[\\[\]\s]/.test(entry))) {
            throw invalid(`sourceLists.${name}`, "must be a non-empty list of host or source names (no spaces, brackets or backslashes)");
        }
        const merged = new Set([...(sourceLists[name] ?? []), ...entries.map((entry) => entry.trim().toLowerCase())]);
        sourceLists[name] = [...merged];
    }

    /** @type {Rule[]} */
    let rules = [...DEFAULT_RULES];
    const removals = given.remove ?? [];
    if (!Array.isArray(removals) || !removals.every(isText)) {
        throw invalid("remove", "must be a list of channel names");
    }
    for (const channel of removals) {
        const at = indexOfChannel(rules, channel);
        if (at < 0) {
            throw invalid(`remove "${channel}"`, `no default rule has this channel (${rules.map((rule) => rule.channel).join(", ")})`);
        }
        rules.splice(at, 1);
    }

    const added = given.rules ?? [];
    if (!Array.isArray(added)) {
        throw invalid("rules", "must be a list of rules");
    }
    const seen = new Set();
    added.forEach((value, index) => {
        const { before, after, ...rule } = checkedRule(value, sourceLists, index);
        const key = rule.channel.toLowerCase();
        if (seen.has(key)) {
            throw invalid(`rule "${rule.channel}"`, "appears twice (channel names compare case-insensitively)");
        }
        seen.add(key);
        const existing = indexOfChannel(rules, rule.channel);
        const anchor = before ?? after;
        if (anchor !== undefined && anchor.toLowerCase() === key) {
            throw invalid(`rule "${rule.channel}"`, "cannot be placed before or after itself");
        }
        if (existing >= 0) {
            rules.splice(existing, 1, ...(anchor === undefined ? [rule] : []));
        }
        if (anchor !== undefined) {
            const at = indexOfChannel(rules, anchor);
            if (at < 0) {
                throw invalid(
                    `rule "${rule.channel}"`,
                    `${before !== undefined ? "before" : "after"} names no rule: ${JSON.stringify(anchor)}`,
                );
            }
            rules.splice(before !== undefined ? at : at + 1, 0, rule);
        } else if (existing < 0) {
            rules.push(rule);
        }
    });

    if (given.order !== undefined) {
        const order = given.order;
        if (!Array.isArray(order) || !order.every(isText)) {
            throw invalid("order", "must be a list of channel names");
        }
        const missing = rules.filter((rule) => !order.some((name) => name.toLowerCase() === rule.channel.toLowerCase()));
        const unknown = order.filter((name) => indexOfChannel(rules, name) < 0);
        if (missing.length > 0 || unknown.length > 0 || order.length !== rules.length) {
            throw invalid(
                "order",
                `must list every rule's channel once; missing [${missing.map((rule) => rule.channel).join(", ")}], unknown [${unknown.join(", ")}]`,
            );
        }
        rules = order.map((name) => rules[indexOfChannel(rules, name)]);
    }
    if (indexOfChannel(rules, UNASSIGNED_CHANNEL) >= 0) {
        throw invalid(`rule "${UNASSIGNED_CHANNEL}"`, "is what no rule matching means; it cannot be a rule");
    }
    return { rules: Object.freeze(rules), sourceLists: Object.freeze(sourceLists) };
}

const merged = mergeChannelRules(custom);

/** The rules in force (defaults merged with includes/custom/channels.js), in order; the first that matches wins. */
const RULES = merged.rules;

/** The source lists in force. */
const SOURCE_LISTS = merged.sourceLists;

/** Every channel name, in rule order, Unassigned last: what a channel column may hold. */
const CHANNELS = Object.freeze([...RULES.map((rule) => rule.channel), UNASSIGNED_CHANNEL]);

/**
 * @param {Condition} condition
 * @param {Readonly<Record<Field, string>>} columns  SQL of each field
 * @param {Readonly<Record<string, readonly string[]>>} lists
 * @returns {string}
 */
function conditionSql(condition, columns, lists) {
    const column = columns[condition.field];
    if ("in" in condition) {
        return `lower(${column}) in ${sql.stringList(condition.in)}`;
    }
    if ("inList" in condition) {
        return `regexp_contains(lower(${column}), ${sql.labelPattern(lists[condition.inList])})`;
    }
    if ("matches" in condition) {
        return `regexp_contains(lower(${column}), ${sql.string(condition.matches.toLowerCase())})`;
    }
    return `${column} is not null`;
}

/**
 * SQL: a CASE giving the channel of a traffic source under `rules`.
 * @param {Readonly<Record<Field, string>>} columns  SQL of each field (GA4's source and medium, see trafficSourceSql)
 * @param {{ level?: number, rules?: readonly Rule[], lists?: Readonly<Record<string, readonly string[]>> }} [options]
 *   level: indent of the expression (see sql.caseBlock); rules and lists: those in force unless given
 * @returns {string}
 */
function channelSql(columns, options = {}) {
    const { level = 2, rules = RULES, lists = SOURCE_LISTS } = options;
    const whens = rules.map((rule) => {
        const alternatives = rule.anyOf.map((all) => all.map((condition) => conditionSql(condition, columns, lists)).join(" and "));
        const test = alternatives.length === 1 ? alternatives[0] : alternatives.map((a) => `(${a})`).join(" or ");
        return `when ${test} then ${sql.string(rule.channel)}`;
    });
    return sql.caseBlock("case", [...whens, `else ${sql.string(UNASSIGNED_CHANNEL)}`], level);
}

/**
 * SQL: GA4's session source and medium from the landing page's fields (all
 * lower case except click ids; NULL when absent). A gclid is Google Ads'
 * auto-tagging (google / cpc, over utm parameters); otherwise utm_source /
 * utm_medium when tagged (medium "(not set)" when only the source is);
 * msclkid is bing / cpc and ttclid tiktok / cpc; a referrer is its host with
 * organic (a search engine) or referral; an fbclid alone is facebook /
 * (not set); nothing at all is (direct) / (none).
 * @param {{ source: string, medium: string, referrer_host: string, gclid: string, msclkid: string, fbclid: string, ttclid: string }} raw
 *   SQL of the utm and referrer columns
 * @param {Readonly<Record<string, readonly string[]>>} [lists]
 * @returns {{ source: string, medium: string }}
 */
function trafficSourceSql(raw, lists = SOURCE_LISTS) {
    const searchReferrer = `regexp_contains(${raw.referrer_host}, ${sql.labelPattern(lists.search)})`;
    const source = [
        "case",
        `when ${raw.gclid} is not null then 'google'`,
        `when ${raw.source} is not null then ${raw.source}`,
        `when ${raw.msclkid} is not null then 'bing'`,
        `when ${raw.referrer_host} is not null then ${raw.referrer_host}`,
        `when ${raw.ttclid} is not null then 'tiktok'`,
        `when ${raw.fbclid} is not null then 'facebook'`,
        `else ${sql.string(NO_SOURCE.source)}`,
        "end",
    ].join(" ");
    const medium = [
        "case",
        `when ${raw.gclid} is not null then 'cpc'`,
        `when ${raw.medium} is not null then ${raw.medium}`,
        `when ${raw.source} is not null then '(not set)'`,
        `when ${raw.msclkid} is not null then 'cpc'`,
        `when ${raw.referrer_host} is not null then if(${searchReferrer}, 'organic', 'referral')`,
        `when ${raw.ttclid} is not null then 'cpc'`,
        `when ${raw.fbclid} is not null then '(not set)'`,
        `else ${sql.string(NO_SOURCE.medium)}`,
        "end",
    ].join(" ");
    return { source, medium };
}

/**
 * SQL: the channel of a session without page context (no traffic source at all) under the rules in force.
 * @param {number} [level]
 * @returns {string}
 */
function noSourceChannelSql(level = 2) {
    const none = "cast(null as string)";
    return channelSql(
        {
            source: sql.string(NO_SOURCE.source),
            medium: sql.string(NO_SOURCE.medium),
            campaign: none,
            referrer_host: none,
            gclid: none,
            msclkid: none,
            fbclid: none,
            ttclid: none,
        },
        { level },
    );
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

module.exports = {
    FIELDS,
    DEFAULT_SOURCE_LISTS,
    DEFAULT_RULES,
    RULES,
    SOURCE_LISTS,
    CHANNELS,
    DEFAULT_CHANNEL,
    UNASSIGNED_CHANNEL,
    mergeChannelRules,
    channelSql,
    trafficSourceSql,
    noSourceChannelSql,
    canonicalChannelSql,
};
