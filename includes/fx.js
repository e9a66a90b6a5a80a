// @ts-check
/**
 * Currency conversion (docs/data-contract.md, Inputs): money is converted to the reporting
 * currency with the rate of its date, the latest earlier rate when that day is
 * missing, and (decision: no earlier rate at all) the earliest later rate.
 * Rates are USD rates (1 unit of currency = usd_rate USD), so the factor from
 * currency C to reporting currency R is usd_rate(C) / usd_rate(R); USD is 1.
 */
const sql = require("./sql");

/**
 * SQL: the NUMERIC factor usd_rate(C) / usd_rate(R). With USD as the reporting
 * currency it is usd_rate(C), exactly; otherwise the division runs in FLOAT64
 * and is cast back to NUMERIC (9 decimals), as NUMERIC division is outside the
 * subset the local engine translates.
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

/**
 * SQL: two CTEs; the last, `name`, has one row per (currency, fx_date) of
 * `pairsCte` with `fx_rate`: multiply an amount in `currency` on `fx_date` by
 * it to get the reporting currency (NULL when a currency has no rate at all).
 * `ratesCte` has columns rate_date, currency, usd_rate. Ends without a comma.
 * @param {object} args
 * @param {string} args.name               name of the resulting CTE
 * @param {string} args.pairsCte           CTE with distinct currency, fx_date
 * @param {string} args.ratesCte           CTE with rate_date, currency, usd_rate
 * @param {string} args.reportingCurrency
 * @returns {string}
 */
function ratesToReportingCtesSql({ name, pairsCte, ratesCte, reportingCurrency }) {
    const reporting = sql.string(reportingCurrency);
    return `-- the closest usable rate of the currency and of the reporting currency for each pair
${name}_candidates as (
    select
        pairs.currency,
        pairs.fx_date,
        rates.currency as rate_currency,
        rates.usd_rate
    from ${pairsCte} as pairs
    inner join (
        select rate_date, currency, usd_rate from ${ratesCte}
        union all
        select date '1900-01-01' as rate_date, 'USD' as currency, cast(1 as numeric) as usd_rate
    ) as rates
        on rates.currency = pairs.currency
        or rates.currency = ${reporting}
    qualify row_number() over (
        partition by pairs.currency, pairs.fx_date, rates.currency
        order by if(rates.rate_date <= pairs.fx_date, 0, 1), abs(date_diff(pairs.fx_date, rates.rate_date, day))
    ) = 1
),

${name} as (
    select
        currency,
        fx_date,
        ${factorSql("max(if(rate_currency = currency, usd_rate, null))", `max(if(rate_currency = ${reporting}, usd_rate, null))`, reportingCurrency)} as fx_rate
    from ${name}_candidates
    group by currency, fx_date
)`;
}

module.exports = { factorSql, multiplySql, ratesToReportingCtesSql };
