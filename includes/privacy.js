// @ts-check
/**
 * Privacy rules (docs/data-contract.md, Semantics): raw e-mail never leaves staging, IPs are
 * dropped (IPv4 /24 may be kept). Pure functions: column in, SQL out.
 */
const sql = require("./sql");

/** What an e-mail address looks like, anywhere in a text (no backslashes: see sql.regexEscape). */
const EMAIL_PATTERN = "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[.][A-Za-z]{2,}";

/**
 * SQL: the text with every e-mail address replaced by `[email]` (URLs can carry them in query strings).
 * @param {string} column
 * @returns {string}
 */
function redactEmailsSql(column) {
    return `regexp_replace(${column}, ${sql.string(EMAIL_PATTERN)}, '[email]')`;
}

/**
 * SQL: TRUE when the text holds an e-mail address.
 * @param {string} column
 * @returns {string}
 */
function containsEmailSql(column) {
    return `regexp_contains(${column}, ${sql.string(EMAIL_PATTERN)})`;
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

module.exports = { EMAIL_PATTERN, redactEmailsSql, containsEmailSql, emailSha256Sql, ipv4TruncatedSql };
