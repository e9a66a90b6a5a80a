import { describe, expect, it } from "vitest";
import { runScenario, useScenario } from "./harness.ts";
import { reconciliation, reconciliationStrict } from "./scenarios.ts";

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

    it("matches backend orders and purchase events by order_id; cancelled orders count as missing in the backend", async () => {
        expect(await scenario().rows("select * from marts.mart_reconciliation_daily")).toEqual([expectedDay]);
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
