/** Conversion definitions: the defaults, an adopter's overrides merged, and the checks, each naming the definition at fault. */
import { describe, expect, it } from "vitest";
import { requireInclude } from "./load.ts";

const conversions = requireInclude("./conversions.js") as typeof import("../../includes/conversions.js");

describe("conversions.mergeConversions", () => {
    it("keeps purchase (valued at its revenue) and sign_up when nothing is overridden", () => {
        expect(conversions.mergeConversions({})).toEqual([
            { name: "purchase", event: "purchase", value: { column: "revenue_reporting" }, countOnce: "event" },
            { name: "sign_up", event: "sign_up", value: null, countOnce: "event" },
        ]);
    });

    it("replaces a default in its place, adds new ones last, removes by name", () => {
        const merged = conversions.mergeConversions({
            conversions: [
                { name: "lead", condition: "page_url like '%/contact%'", value: { constant: 12.5 }, countOnce: "session" },
                { name: "purchase", event: "purchase", condition: "platform = 'web'", value: { column: "revenue_reporting" } },
            ],
            remove: ["sign_up"],
        });
        expect(merged.map((conversion) => conversion.name)).toEqual(["purchase", "lead"]);
        expect(merged[0]).toEqual({
            name: "purchase",
            event: "purchase",
            condition: "platform = 'web'",
            value: { column: "revenue_reporting" },
            countOnce: "event",
        });
    });

    it.each([
        [{ conversions: [{ name: "Lead", event: "sign_up" }] }, /conversion "Lead": name must be lower case/],
        [{ conversions: [{ name: "lead", event: "contact" }] }, /conversion "lead": event "contact" is not an event of the tracking plan/],
        [{ conversions: [{ name: "lead" }] }, /conversion "lead": needs an event, a condition, or both/],
        [
            { conversions: [{ name: "lead", event: "sign_up", value: { column: "page_url" } }] },
            /conversion "lead": value column "page_url" is not one of revenue_reporting/,
        ],
        [
            { conversions: [{ name: "lead", event: "sign_up", value: { constant: -1 } }] },
            /conversion "lead": value constant must be a number >= 0/,
        ],
        [{ conversions: [{ name: "lead", event: "sign_up", value: 5 }] }, /conversion "lead": value must be/],
        [
            { conversions: [{ name: "lead", event: "sign_up", countOnce: "day" }] },
            /conversion "lead": countOnce must be "event" or "session"/,
        ],
        [
            { conversions: [{ name: "lead", event: "sign_up", condition: "true; drop table x" }] },
            /conversion "lead": condition must be one SQL boolean/,
        ],
        [{ conversions: [{ name: "lead", event: "sign_up", worth: 5 }] }, /conversion "lead": unknown key "worth"/],
        [
            {
                conversions: [
                    { name: "lead", event: "sign_up" },
                    { name: "lead", event: "sign_up" },
                ],
            },
            /conversion "lead": appears twice/,
        ],
        [{ remove: ["signup"] }, /remove "signup": no default conversion has this name/],
        [{ remove: ["purchase", "sign_up"] }, /leaves no conversion/],
    ])("refuses %j", (overrides, message) => {
        expect(() => conversions.mergeConversions(overrides)).toThrow(/^includes\/custom\/conversions\.js: /);
        expect(() => conversions.mergeConversions(overrides)).toThrow(message);
    });
});
