// @ts-check
/**
 * Currency conversion (design.md 3): money is converted to the reporting
 * currency with the rate of its date, the latest earlier rate when that day is
 * missing, and (decision: no earlier rate at all) the earliest later rate.
 * Rates are USD rates (1 unit of currency = usd_rate USD), so the factor from
 * currency C to reporting currency R is usd_rate(C) / usd_rate(R); USD is 1.
 */
const sql = require("./sql");

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
        -- NUMERIC / NUMERIC is NUMERIC in BigQuery; the cast keeps it so on every engine
        cast(max(if(rate_currency = currency, usd_rate, null)) / max(if(rate_currency = ${reporting}, usd_rate, null)) as numeric) as fx_rate
    from ${name}_candidates
    group by currency, fx_date
)`;
}

module.exports = { ratesToReportingCtesSql };
