/**
 * The channel rules as the models run them: channels.channelSql (the CASE
 * int_sessions uses) evaluated on a small table of traffic sources, on the
 * ZetaSQL reference evaluator (BigQuery's semantics) and, translated, on DuckDB.
 */
import { describe, expect, it } from "vitest";
import { useExpressionOnExamples } from "./both-engines.ts";
import { requireInclude } from "./load.ts";

const channels = requireInclude("./channels.js") as typeof import("../../includes/channels.js");

/** The traffic-source columns channelSql reads (lower case, NULL when absent). */
const FIELDS = ["source", "medium", "campaign", "referrer_host", "gclid", "msclkid", "fbclid", "ttclid"] as const;
type Touch = Partial<Record<(typeof FIELDS)[number], string>>;

/** Traffic sources and their channels (docs/data-contract.md, Semantics: first rule that matches wins). */
const EXAMPLES: [Touch, string][] = [
    [{ gclid: "abc" }, "Paid Search"],
    [{ msclkid: "abc", source: "facebook" }, "Paid Search"],
    [{ source: "google", medium: "cpc" }, "Paid Search"],
    [{ source: "bing", medium: "paidsearch" }, "Paid Search"],
    [{ source: "facebook", medium: "cpc" }, "Paid Social"],
    [{ source: "instagram", medium: "paid" }, "Paid Social"],
    [{ source: "newsletter_vendor", medium: "display" }, "Display"],
    [{ source: "google", medium: "cpm" }, "Display"],
    [{ source: "newsletter", medium: "weekly" }, "Email"],
    [{ source: "mailchimp", medium: "e-mail" }, "Email"],
    [{ source: "partner", medium: "affiliate" }, "Affiliates"],
    [{ referrer_host: "m.facebook.com" }, "Organic Social"],
    [{ referrer_host: "t.co" }, "Organic Social"],
    [{ source: "linkedin", medium: "post" }, "Organic Social"],
    [{ referrer_host: "www.google.co.uk" }, "Organic Search"],
    [{ source: "whatever", medium: "organic" }, "Organic Search"],
    [{ referrer_host: "blog.example.org" }, "Referral"],
    [{ source: "partner", medium: "referral" }, "Referral"],
    [{ source: "spring_sale" }, "Other"],
    [{ fbclid: "xyz" }, "Other"],
    [{ source: "google", medium: "video" }, "Other"],
    [{}, "Direct"],
    // group names match whole host labels only
    [{ referrer_host: "x.com" }, "Organic Social"],
    [{ referrer_host: "xbox.com" }, "Referral"],
    [{ referrer_host: "notgoogle.com" }, "Referral"],
];

/** The channel of every example, as int_sessions computes it. */
const channelsOf = useExpressionOnExamples(
    "channels",
    channels.channelSql(),
    FIELDS,
    EXAMPLES.map(([touch]) => touch),
);

describe("channels.channelSql on the ZetaSQL reference evaluator and on DuckDB", () => {
    it("gives the same channels on both engines", () => {
        expect(channelsOf().duckdb).toEqual(channelsOf().zetasql);
    });

    it.each(EXAMPLES.map(([touch, channel], i) => [touch, channel, i] as const))("%j is %s", (_touch, channel, i) => {
        expect(channelsOf().zetasql[i]).toBe(channel);
    });

    it("lists every channel once, Direct last", () => {
        expect(channels.CHANNELS).toEqual([
            "Paid Search",
            "Paid Social",
            "Display",
            "Email",
            "Affiliates",
            "Organic Social",
            "Organic Search",
            "Referral",
            "Other",
            "Direct",
        ]);
        expect(new Set(EXAMPLES.map(([, channel]) => channel))).toEqual(new Set(channels.CHANNELS));
    });

    it("writes regular expressions without backslashes (they translate unreliably)", () => {
        expect(channels.channelSql()).toContain("t[.]co");
        expect(channels.channelSql()).not.toContain("\\");
    });
});
