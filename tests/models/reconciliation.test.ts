import { describe, expect, it } from "vitest";
import { runScenario, useScenario } from "./harness.ts";
import { reconciliation, reconciliationStrict, unconvertedMoney } from "./scenarios.ts";

const expectedDay = {
    date: "2024-03-01",
    backend_orders: "7",
    event_orders: "7",
    matched_orders: "5",
    missing_in_events: "2",
    missing_in_backend: "2",
    backend_revenue: "273",
    event_revenue: "236",
    revenue_delta: "-37",
    match_rate: 5 / 7,
    late_purchase_events: "1",
    unconverted_backend_orders: "0",
};

describe("reconciliation and FX", () => {
    // thresholds loosened so that the assertions pass; the next block checks that they can fail
    const scenario = useScenario(reconciliation.raw, reconciliation.vars);

    it("converts order revenue with the order date's rate, the latest earlier one, or else the earliest later one", async () => {
        const rows = await scenario().rows(
            "select order_id, currency, revenue, revenue_reporting from marts.fct_orders where currency != 'USD' order by order_id",
        );
        expect(rows).toEqual([
            { order_id: "o-eur", currency: "EUR", revenue: "50", revenue_reporting: "55" },
            { order_id: "o-gbp", currency: "GBP", revenue: "10", revenue_reporting: "13" },
        ]);
    });

    it("holds each currency's factor over the longest runs of dates where neither its rate nor the reporting currency's changes", async () => {
        const rows = await scenario().rows(
            `select currency, cast(valid_from as string) as valid_from, cast(valid_to as string) as valid_to, fx_rate
             from intermediate.int_fx_rates_to_reporting order by currency, valid_from`,
        );
        expect(rows).toEqual([
            // the latest earlier rate until the next one, the earliest later one before the first
            { currency: "EUR", valid_from: "0001-01-01", valid_to: "2024-03-01", fx_rate: "1.1" },
            { currency: "EUR", valid_from: "2024-03-02", valid_to: "9999-12-31", fx_rate: "1.2" },
            { currency: "GBP", valid_from: "0001-01-01", valid_to: "9999-12-31", fx_rate: "1.3" },
            { currency: "USD", valid_from: "0001-01-01", valid_to: "9999-12-31", fx_rate: "1" },
        ]);
    });

    it("matches backend orders and purchase events by order_id; cancelled orders count as missing in the backend", async () => {
        expect(await scenario().rows("select * from marts.mart_reconciliation_daily")).toEqual([expectedDay]);
    });
});

describe("FX to a reporting currency other than USD", () => {
    const scenario = useScenario(reconciliation.raw, { ...reconciliation.vars, reporting_currency: "EUR" });

    it("divides the USD rates in FLOAT64 and rounds the factor to NUMERIC", async () => {
        const rows = await scenario().rows(
            "select order_id, currency, revenue, revenue_reporting from marts.fct_orders where order_id in ('o-eur', 'o-gbp', 'o-match') order by order_id",
        );
        expect(rows).toEqual([
            // 50 EUR at 1.1 / 1.1
            { order_id: "o-eur", currency: "EUR", revenue: "50", revenue_reporting: "50" },
            // 10 GBP at 1.3 / 1.1 = 1.181818182 (the EUR rate of 2024-03-01 is 2024-02-29's)
            { order_id: "o-gbp", currency: "GBP", revenue: "10", revenue_reporting: "11.81818182" },
            // 100 USD at 1 / 1.1 = 0.909090909
            { order_id: "o-match", currency: "USD", revenue: "100", revenue_reporting: "90.9090909" },
        ]);
    });
});

describe("reconciliation assertions", () => {
    it("fail when the match rate (5/7) is under min_match_rate and the late share (1/5) over late_purchase_tolerance", async () => {
        const strict = await runScenario(reconciliationStrict.raw, reconciliationStrict.vars);
        try {
            expect(strict.failures().map((failure) => failure.split(":")[0])).toEqual([
                "my-gcp-project.dataform_assertions.assert_reconciliation__late_purchases_within_tolerance",
                "my-gcp-project.dataform_assertions.assert_reconciliation__match_rate_above_minimum",
            ]);
        } finally {
            await strict.close();
        }
    });
});

describe("reconciliation assertions on a day of few orders", () => {
    it("do not judge the late share of a day with fewer matched orders (5) than late_purchase_min_orders", async () => {
        const few = await runScenario(reconciliationStrict.raw, {
            ...reconciliationStrict.vars,
            min_match_rate: "0",
            late_purchase_min_orders: "6",
        });
        try {
            expect(few.failures()).toEqual([]);
        } finally {
            await few.close();
        }
    });
});

describe("money in a currency without any FX rate", () => {
    it("is counted in int_ad_spend_daily, mart_reconciliation_daily and mart_data_quality_daily, and fails assert_fx__every_amount_converted", async () => {
        const run = await runScenario(unconvertedMoney.raw, unconvertedMoney.vars);
        try {
            expect(run.failures().map((failure) => failure.split(":")[0])).toEqual([
                "my-gcp-project.dataform_assertions.assert_fx__every_amount_converted",
            ]);
            expect(
                await run.rows(
                    "select input, cast(date as string) as date, channel, unconverted_rows from dataform_assertions.assert_fx__every_amount_converted order by 1, 2",
                ),
            ).toEqual([
                { input: "ad_spend", date: "2024-03-01", channel: "Paid Search", unconverted_rows: "1" },
                { input: "ad_spend", date: "2024-03-02", channel: "Display", unconverted_rows: "1" },
                { input: "orders", date: "2024-03-01", channel: null, unconverted_rows: "1" },
            ]);
            // the USD spend converts; "PAID SEARCH" is the same channel
            expect(
                await run.rows(
                    "select cast(spend_date as string) as d, channel, spend, unconverted_spend_rows from intermediate.int_ad_spend_daily order by 1",
                ),
            ).toEqual([
                { d: "2024-03-01", channel: "Paid Search", spend: "30", unconverted_spend_rows: "1" },
                { d: "2024-03-02", channel: "Display", spend: null, unconverted_spend_rows: "1" },
            ]);
            expect(
                await run.rows("select backend_orders, backend_revenue, unconverted_backend_orders from marts.mart_reconciliation_daily"),
            ).toEqual([{ backend_orders: "2", backend_revenue: "100", unconverted_backend_orders: "1" }]);
            expect(
                await run.rows(
                    "select cast(date as string) as d, raw_events, unconverted_spend_rows, unconverted_backend_orders from marts.mart_data_quality_daily order by 1",
                ),
            ).toEqual([
                { d: "2024-03-01", raw_events: "1", unconverted_spend_rows: "1", unconverted_backend_orders: "1" },
                { d: "2024-03-02", raw_events: "0", unconverted_spend_rows: "1", unconverted_backend_orders: "0" },
            ]);
        } finally {
            await run.close();
        }
    });
});
