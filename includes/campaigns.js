// @ts-check
/**
 * Campaign keys (docs/data-contract.md, Campaigns): ad spend rows and
 * sessions meet on source, medium and campaign normalized the same way on
 * both sides, so "Google" spend finds "google" sessions. Pure functions:
 * column names in, SQL text out.
 */

/** The key of a missing or empty source, medium or campaign, so that every row has a key and a join can match it. */
const NOT_SET = "(not set)";

/** The key columns, in order. */
const KEYS = Object.freeze(["source", "medium", "campaign"]);

/**
 * SQL: a normalized campaign key: trimmed, lower case, NOT_SET when missing or empty.
 * @param {string} columnSql
 * @returns {string}
 */
function keySql(columnSql) {
    return `coalesce(nullif(lower(trim(${columnSql})), ''), '${NOT_SET}')`;
}

/**
 * SQL: return on ad spend, value / spend as FLOAT64; NULL without spend.
 * @param {string} valueSql  NUMERIC
 * @param {string} spendSql  NUMERIC
 * @returns {string}
 */
function roasSql(valueSql, spendSql) {
    return `if(${spendSql} > 0, cast(${valueSql} as float64) / cast(${spendSql} as float64), null)`;
}

/**
 * SQL: cost per acquisition, spend / conversions as NUMERIC; NULL without
 * conversions. Conversions are fractional: the division runs in FLOAT64
 * (NUMERIC division is outside the SQL subset) and money goes back to NUMERIC.
 * @param {string} spendSql  NUMERIC
 * @param {string} conversionsSql  FLOAT64 or NUMERIC
 * @returns {string}
 */
function cpaSql(spendSql, conversionsSql) {
    return `if(${conversionsSql} > 0, cast(cast(${spendSql} as float64) / cast(${conversionsSql} as float64) as numeric), null)`;
}

module.exports = { NOT_SET, KEYS, keySql, roasSql, cpaSql };
