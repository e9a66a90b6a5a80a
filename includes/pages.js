// @ts-check
/**
 * Pages (docs/data-contract.md, Pages): the path a page URL is reported by.
 * Pure functions: column names in, SQL text out.
 */

/**
 * SQL: the path of a URL: without scheme and host, query string and fragment;
 * '/' when that leaves nothing. A URL without a scheme is read as a path.
 * @param {string} urlSql
 * @returns {string}
 */
function pathSql(urlSql) {
    return `coalesce(nullif(regexp_extract(${urlSql}, '^(?:[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*)?([^?#]*)'), ''), '/')`;
}

module.exports = { pathSql };
