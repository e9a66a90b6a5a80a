import { describe, expect, it } from "vitest";
import { event, purchase, useScenario } from "./harness.ts";

/** Five sessions on 2024-03-01 (one device each) walking the default funnel, and one e-mail session that buys. */
const walk = (device: string, steps: [string, string][]) =>
  steps.map(([name, time], i) =>
    event({
      event_id: `${device}-${i}`,
      anonymous_id: device,
      event_name: name,
      at: `2024-03-01T10:${time}:00Z`,
      payload: name === "purchase" ? purchase(`o-${device}`, 50) : name === "view_item" || name === "add_to_cart" ? { product_id: "p1", price: 5, quantity: 1 } : {},
    }),
  );

const raw = [
  ...walk("a-f1", [["view_item", "00"], ["add_to_cart", "01"], ["begin_checkout", "02"], ["purchase", "03"]]),
  // add_to_cart before view_item: reaches step 1 only
  ...walk("a-f2", [["add_to_cart", "00"], ["view_item", "01"]]),
  // the same instant counts as non-decreasing
  ...walk("a-f3", [["view_item", "00"], ["add_to_cart", "00"]]),
  ...walk("a-f4", [["page_view", "00"]]),
  ...walk("a-f5", [["view_item", "00"], ["add_to_cart", "05"], ["view_item", "06"], ["begin_checkout", "07"]]),
  event({ event_id: "a-f6-0", anonymous_id: "a-f6", at: "2024-03-01T11:00:00Z", page_url: "https://shop.example.com/?utm_source=newsletter&utm_medium=email" }),
  event({ event_id: "a-f6-1", anonymous_id: "a-f6", event_name: "purchase", at: "2024-03-01T11:01:00Z", payload: purchase("o-a-f6", 30) }),
];

const scenario = useScenario({ events: raw });

describe("funnel", () => {
  it("counts a step only when steps 1..k happened at non-decreasing times", async () => {
    const rows = await scenario().rows("select date, step_index, step_name, sessions, rate_from_previous, rate_from_first from marts.mart_funnel_daily order by step_index");
    expect(rows).toEqual([
      { date: "2024-03-01", step_index: "1", step_name: "view_item", sessions: "4", rate_from_previous: 1, rate_from_first: 1 },
      { date: "2024-03-01", step_index: "2", step_name: "add_to_cart", sessions: "3", rate_from_previous: 0.75, rate_from_first: 0.75 },
      { date: "2024-03-01", step_index: "3", step_name: "begin_checkout", sessions: "2", rate_from_previous: 2 / 3, rate_from_first: 0.5 },
      { date: "2024-03-01", step_index: "4", step_name: "purchase", sessions: "1", rate_from_previous: 0.5, rate_from_first: 0.25 },
    ]);
  });
});

describe("daily conversions", () => {
  it("counts sessions, people, orders and revenue per session date and channel", async () => {
    const rows = await scenario().rows("select date, channel, sessions, users, orders, revenue, conversion_rate from marts.mart_daily_conversions order by channel");
    expect(rows).toEqual([
      { date: "2024-03-01", channel: "Direct", sessions: "5", users: "5", orders: "1", revenue: "50", conversion_rate: 0.2 },
      { date: "2024-03-01", channel: "Email", sessions: "1", users: "1", orders: "1", revenue: "30", conversion_rate: 1 },
    ]);
  });
});
