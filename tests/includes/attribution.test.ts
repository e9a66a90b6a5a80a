import { describe, expect, it } from "vitest";
import { requireInclude } from "./load.ts";

const attribution = requireInclude("./attribution.js") as typeof import("../../includes/attribution.js");

const touch = (channel: string, ageDays: number) => ({ channel, ageDays });
const four = [touch("Email", 20), touch("Direct", 10), touch("Organic Search", 3), touch("Direct", 0)];

describe("attribution.credits", () => {
    it("gives first and last touch everything", () => {
        expect(attribution.credits("first_touch", four, 7)).toEqual([1, 0, 0, 0]);
        expect(attribution.credits("last_touch", four, 7)).toEqual([0, 0, 0, 1]);
    });

    it("skips Direct touchpoints for last_non_direct, and falls back to the last when all are Direct", () => {
        expect(attribution.credits("last_non_direct", four, 7)).toEqual([0, 0, 1, 0]);
        expect(attribution.credits("last_non_direct", [touch("Direct", 2), touch("Direct", 1)], 7)).toEqual([0, 1]);
    });

    it("splits linear evenly", () => {
        expect(attribution.credits("linear", four, 7)).toEqual([0.25, 0.25, 0.25, 0.25]);
    });

    it("gives position_based 40/20/40, 50/50 with two, 100 with one", () => {
        expect(attribution.credits("position_based", four, 7)).toEqual([0.4, 0.1, 0.1, 0.4]);
        expect(attribution.credits("position_based", four.slice(0, 2), 7)).toEqual([0.5, 0.5]);
        expect(attribution.credits("position_based", four.slice(0, 1), 7)).toEqual([1]);
    });

    it("halves the time_decay weight every half-life", () => {
        const credits = attribution.credits("time_decay", [touch("Email", 14), touch("Direct", 7), touch("Referral", 0)], 7);
        expect(credits[0]! / credits[2]!).toBeCloseTo(0.25, 12);
        expect(credits[1]! / credits[2]!).toBeCloseTo(0.5, 12);
        expect(credits[2]).toBeCloseTo(4 / 7, 12);
    });

    it.each(attribution.MODELS)("%s credits sum to 1", (model) => {
        for (const touches of [four, four.slice(0, 3), four.slice(0, 2), four.slice(0, 1)]) {
            const total = attribution.credits(model, touches, 7).reduce((a, b) => a + b, 0);
            expect(total).toBeCloseTo(1, 12);
        }
    });
});

describe("attribution SQL", () => {
    it("has one credit expression per model and refuses unknown ones", () => {
        expect(attribution.MODELS).toEqual(["first_touch", "last_touch", "last_non_direct", "linear", "position_based", "time_decay"]);
        expect(attribution.creditSql("last_non_direct")).toBe("if(touch_index = coalesce(last_non_direct_index, touch_count), 1.0, 0.0)");
        expect(attribution.creditSql("position_based")).toContain("else 0.2 / (touch_count - 2)");
        expect(() => attribution.creditSql("data_driven")).toThrow(/unknown model/);
    });

    it("unions one select per model", () => {
        const unionSql = attribution.creditsUnionSql(["order_id"], "touchpoints");
        expect(unionSql.match(/union all/g)).toHaveLength(attribution.MODELS.length - 1);
        for (const model of attribution.MODELS) expect(unionSql).toContain(`'${model}' as model`);
    });

    it("writes the decay weight with the half-life", () => {
        expect(attribution.decayWeightSql("age_seconds", 7)).toBe("pow(2.0, -(age_seconds) / 86400.0 / 7)");
    });
});
