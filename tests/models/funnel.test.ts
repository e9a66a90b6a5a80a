import { describe, expect, it } from "vitest";
import { useScenario } from "./harness.ts";
import { funnel } from "./scenarios.ts";

const scenario = useScenario(funnel.raw);

describe("funnel", () => {
    it("counts a step only when steps 1..k happened at non-decreasing times", async () => {
        const rows = await scenario().rows(
            "select date, step_index, step_name, sessions, rate_from_previous, rate_from_first from marts.mart_funnel_daily order by step_index",
        );
        expect(rows).toEqual([
            { date: "2024-03-01", step_index: "1", step_name: "view_item", sessions: "4", rate_from_previous: 1, rate_from_first: 1 },
            {
                date: "2024-03-01",
                step_index: "2",
                step_name: "add_to_cart",
                sessions: "3",
                rate_from_previous: 0.75,
                rate_from_first: 0.75,
            },
            {
                date: "2024-03-01",
                step_index: "3",
                step_name: "begin_checkout",
                sessions: "2",
                rate_from_previous: 2 / 3,
                rate_from_first: 0.5,
            },
            { date: "2024-03-01", step_index: "4", step_name: "purchase", sessions: "1", rate_from_previous: 0.5, rate_from_first: 0.25 },
        ]);
    });
});

describe("daily conversions", () => {
    it("counts sessions, people, orders and revenue per session date and channel", async () => {
        const rows = await scenario().rows(
            "select date, channel, sessions, users, orders, revenue, conversion_rate from marts.mart_daily_conversions order by channel",
        );
        expect(rows).toEqual([
            { date: "2024-03-01", channel: "Direct", sessions: "5", users: "5", orders: "1", revenue: "50", conversion_rate: 0.2 },
            { date: "2024-03-01", channel: "Email", sessions: "1", users: "1", orders: "1", revenue: "30", conversion_rate: 1 },
        ]);
    });
});
