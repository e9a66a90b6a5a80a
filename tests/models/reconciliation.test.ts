import { describe, expect, it } from "vitest";
import { event, order, purchase, rate, runScenario, useScenario, type RawRows } from "./harness.ts";

/** An order's purchase event, placed (and by default received) at `at`. */
const bought = (orderId: string, at: string, revenue: number, currency = "USD", receivedAt?: string) =>
  event({ event_id: `ev-${orderId}`, anonymous_id: `a-${orderId}`, event_name: "purchase", at, received_at: receivedAt, payload: purchase(orderId, revenue, currency) });

const raw: RawRows = {
  events: [
    bought("o-match", "2024-03-01T10:00:00Z", 100),
    bought("o-eur", "2024-03-01T11:00:00Z", 50, "EUR"),
    bought("o-gbp", "2024-03-01T11:30:00Z", 10, "GBP"),
    // received two hours after the order
    bought("o-late", "2024-03-01T12:00:00Z", 20, "USD", "2024-03-01T14:00:00Z"),
    bought("o-nobackend", "2024-03-01T13:00:00Z", 10),
    bought("o-cancel", "2024-03-01T13:30:00Z", 5),
    bought("o-diff", "2024-03-01T14:00:00Z", 33),
  ],
  orders: [
    order("o-match", "2024-03-01T10:00:00Z", "100"),
    order("o-eur", "2024-03-01T11:00:00Z", "50", { currency: "EUR" }),
    order("o-gbp", "2024-03-01T11:30:00Z", "10", { currency: "GBP" }),
    order("o-late", "2024-03-01T12:00:00Z", "20"),
    order("o-noevent", "2024-03-01T12:30:00Z", "40"),
    order("o-cancel", "2024-03-01T13:30:00Z", "5", { status: "cancelled" }),
    order("o-diff", "2024-03-01T14:00:00Z", "30"),
    order("o-refund", "2024-03-01T15:00:00Z", "15", { status: "refunded" }),
  ],
  fx_rates: [
    // 2024-03-01 has no EUR rate: the latest earlier one (1.1) applies, not the next (1.2)
    rate("2024-02-29", "EUR", "1.1"),
    rate("2024-03-02", "EUR", "1.2"),
    // no GBP rate on or before the order date: the earliest later one applies
    rate("2024-03-05", "GBP", "1.3"),
  ],
};

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
  const scenario = useScenario(raw, { min_match_rate: "0.5", late_purchase_tolerance: "0.5" });

  it("converts order revenue with the order date's rate, the latest earlier one, or else the earliest later one", async () => {
    const rows = await scenario().rows("select order_id, currency, revenue, revenue_reporting from marts.fct_orders where currency != 'USD' order by order_id");
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
    const strict = await runScenario(raw, { min_match_rate: "0.75", late_purchase_tolerance: "0.15" });
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
