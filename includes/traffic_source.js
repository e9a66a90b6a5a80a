// @ts-check
/**
 * Reading a traffic source from a page URL and its referrer
 * (docs/data-contract.md, Sessions): utm parameters and click ids from the
 * query string, the referrer host without own hosts. Sessions read it from
 * their first event with page context; the consent counts from each event's
 * own context. The channel rules (channels.js) then run on GA4's source and
 * medium derived from these columns. Pure functions: column names and
 * settings in, SQL text out.
 */
const sql = require("./sql");
const channels = require("./channels");

/** Campaign parameters read as traffic-source columns: lower case (they compare case-insensitively), NULL when absent or empty. */
const CAMPAIGN_PARAMETERS = Object.freeze({ source: "utm_source", medium: "utm_medium", campaign: "utm_campaign" });
/** Click ids read as traffic-source columns: as sent (an ad platform matches them exactly), NULL when absent or empty. */
const CLICK_IDS = Object.freeze({ gclid: "gclid", msclkid: "msclkid", fbclid: "fbclid", ttclid: "ttclid" });

/** The columns sourceColumnsSql gives. */
const SOURCE_COLUMNS = Object.freeze([...Object.keys(CAMPAIGN_PARAMETERS), ...Object.keys(CLICK_IDS), "referrer_host"]);

/**
 * SQL: a query-string parameter of a URL as sent; NULL when absent or empty.
 * @param {string} urlSql
 * @param {string} name
 * @returns {string}
 */
function clickIdSql(urlSql, name) {
    return `nullif(regexp_extract(${urlSql}, '[?&]${name}=([^&#]*)'), '')`;
}

/**
 * SQL: a lower-cased query-string parameter of a URL; NULL when absent or empty.
 * @param {string} urlSql
 * @param {string} name
 * @returns {string}
 */
function paramSql(urlSql, name) {
    return `lower(${clickIdSql(urlSql, name)})`;
}

/**
 * SQL: the lower-cased host of a URL.
 * @param {string} urlSql
 * @returns {string}
 */
function hostSql(urlSql) {
    return `lower(regexp_extract(${urlSql}, '^[a-zA-Z][a-zA-Z0-9+.-]*://([^/:?#]+)'))`;
}

/**
 * SQL: true when a host is one of `ownHosts` or a subdomain of one (var own_hosts).
 * @param {string} hostColumnSql
 * @param {readonly string[]} ownHosts
 * @returns {string}
 */
function isOwnHostSql(hostColumnSql, ownHosts) {
    return ownHosts.length > 0
        ? `regexp_contains(${hostColumnSql}, ${sql.string(`(^|[.])(${ownHosts.map(sql.regexEscape).join("|")})$`)})`
        : "false";
}

/**
 * SQL: the select-list of the traffic-source columns channels.channelSql reads
 * (source, medium, campaign, click ids, referrer_host), from a page URL and a
 * referrer URL; a referrer from the page's own host or an own host is none.
 * @param {{ pageUrlSql: string, referrerSql: string, ownHosts: readonly string[] }} args
 * @returns {string}
 */
function sourceColumnsSql({ pageUrlSql, referrerSql, ownHosts }) {
    const referrerHost = hostSql(referrerSql);
    return [
        ...Object.entries(CAMPAIGN_PARAMETERS).map(([column, name]) => `${paramSql(pageUrlSql, name)} as ${column}`),
        ...Object.entries(CLICK_IDS).map(([column, name]) => `${clickIdSql(pageUrlSql, name)} as ${column}`),
        `if(${referrerHost} = ${hostSql(pageUrlSql)} or ${isOwnHostSql(referrerHost, ownHosts)}, null, ${referrerHost}) as referrer_host`,
    ].join(",\n        ");
}

/** The traffic-source columns sourceColumnsSql names, as channels.js's fields. */
const RAW_FIELDS = Object.freeze(Object.fromEntries(SOURCE_COLUMNS.map((column) => [column, column])));

/**
 * SQL: the select-list of GA4's source and medium (ga4_source, ga4_medium)
 * from the columns of sourceColumnsSql.
 * @returns {string}
 */
function ga4SourceColumnsSql() {
    const ga4 = channels.trafficSourceSql(/** @type {any} */ (RAW_FIELDS));
    return `${ga4.source} as ga4_source,\n        ${ga4.medium} as ga4_medium`;
}

/**
 * SQL: the channel of a row with the columns of sourceColumnsSql and ga4SourceColumnsSql,
 * under the channel rules in force.
 * @param {number} [level]  indent level of the expression (see sql.caseBlock)
 * @returns {string}
 */
function channelSql(level = 2) {
    return channels.channelSql(/** @type {any} */ ({ ...RAW_FIELDS, source: "ga4_source", medium: "ga4_medium" }), { level });
}

module.exports = { SOURCE_COLUMNS, paramSql, clickIdSql, hostSql, isOwnHostSql, sourceColumnsSql, ga4SourceColumnsSql, channelSql };
