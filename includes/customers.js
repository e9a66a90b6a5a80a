// @ts-check
/**
 * Customer rules (docs/data-contract.md, Customers): who is identified, when a
 * person is new, and the lifetime-value windows. "Time has passed" is read
 * against the newest data the warehouse holds (`data_as_of`), never the wall
 * clock, so a run on the same data gives the same table. Pure functions:
 * column names in, SQL text out.
 */

/** Days after the first order at which lifetime value is reported (columns ltv_<n>d). */
const LTV_WINDOWS_DAYS = Object.freeze([30, 90, 365]);

/**
 * SQL: true for a person known by a user_id: a user_key that is not the
 * `anon:` key of an unidentified device (docs/data-contract.md, Identity).
 * @param {string} userKeySql
 * @returns {string}
 */
function isIdentifiedSql(userKeySql) {
    return `not starts_with(${userKeySql}, 'anon:')`;
}

/**
 * SQL: true when a person seen on `dateSql` is new that day: it is the date
 * of their first kept event (dim_customers.first_seen_date); returning otherwise.
 * @param {string} dateSql
 * @param {string} firstSeenDateSql
 * @returns {string}
 */
function isNewOnDateSql(dateSql, firstSeenDateSql) {
    return `${dateSql} = ${firstSeenDateSql}`;
}

/**
 * SQL: the newest data the warehouse holds, as a scalar subquery: the time of
 * the latest kept event (the end of the latest session).
 * @param {string} sessions  fct_sessions
 * @returns {string}
 */
function dataAsOfSql(sessions) {
    return `(select max(ended_at) from ${sessions})`;
}

/**
 * SQL: true once `days` days after `fromSql` are covered by the data (`asOfSql`).
 * @param {string} fromSql
 * @param {number} days
 * @param {string} asOfSql
 * @returns {string}
 */
function hasPassedSql(fromSql, days, asOfSql) {
    return `${asOfSql} >= timestamp_add(${fromSql}, interval ${days} day)`;
}

/**
 * SQL: NUMERIC money divided by a count, NULL for a count of 0. NUMERIC
 * division is outside the SQL subset (docs/sql-subset.md): the quotient is
 * computed in FLOAT64 and cast back, as mart_attribution_daily's CPA.
 * @param {string} moneySql
 * @param {string} countSql
 * @returns {string}
 */
function moneyPerSql(moneySql, countSql) {
    return `if(${countSql} > 0, cast(cast(${moneySql} as float64) / ${countSql} as numeric), null)`;
}

module.exports = { LTV_WINDOWS_DAYS, isIdentifiedSql, isNewOnDateSql, dataAsOfSql, hasPassedSql, moneyPerSql };
