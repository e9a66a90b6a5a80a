// @ts-check
/**
 * Currency conversion (docs/data-contract.md, Inputs): money is converted to the reporting
 * currency with the rate of its date, the latest earlier rate when that day is
 * missing, and (decision: no earlier rate at all) the earliest later rate.
 * Rates are USD rates (1 unit of currency = usd_rate USD), so the factor from
 * currency C to reporting currency R is usd_rate(C) / usd_rate(R); USD is 1.
 * `int_fx_rates_to_reporting` holds the factors; the models that convert
 * money join it on currency and date.
 */

/**
 * SQL: the NUMERIC factor usd_rate(C) / usd_rate(R). With USD as the reporting
 * currency it is usd_rate(C), exactly; otherwise the division runs in FLOAT64
 * and is cast back to NUMERIC (9 decimals): NUMERIC division is outside the
 * SQL subset of docs/sql-subset.md.
 * @param {string} currencyRateSql
 * @param {string} reportingRateSql
 * @param {string} reportingCurrency
 * @returns {string}
 */
function factorSql(currencyRateSql, reportingRateSql, reportingCurrency) {
    if (reportingCurrency === "USD") {
        return currencyRateSql;
    }
    return `cast(cast(${currencyRateSql} as float64) / cast(${reportingRateSql} as float64) as numeric)`;
}

/**
 * SQL: an amount times a rate, as NUMERIC. BigQuery rounds a NUMERIC product
 * to 9 decimals; the cast says so explicitly, for engines that would keep more.
 * @param {string} amountSql
 * @param {string} rateSql
 * @returns {string}
 */
function multiplySql(amountSql, rateSql) {
    return `cast(${amountSql} * ${rateSql} as numeric)`;
}

module.exports = { factorSql, multiplySql };
