import { describe, expect, it } from "vitest";
import { requireInclude } from "./load.ts";

const channels = requireInclude("./channels.js") as typeof import("../../includes/channels.js");

describe("channels.classify (docs/data-contract.md, Semantics rules, first match wins)", () => {
    it.each([
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
    ])("%j is %s", (touch, channel) => {
        expect(channels.classify(touch)).toBe(channel);
    });

    it("matches group names as whole host labels only", () => {
        expect(channels.classify({ referrer_host: "x.com" })).toBe("Organic Social");
        expect(channels.classify({ referrer_host: "xbox.com" })).toBe("Referral");
        expect(channels.classify({ referrer_host: "notgoogle.com" })).toBe("Referral");
    });
});

describe("channels.channelSql", () => {
    it("emits one WHEN per rule in rule order, Direct as the ELSE", () => {
        const caseSql = channels.channelSql("s.");
        const order = channels.RULES.map((rule) => caseSql.indexOf(`then '${rule.channel}'`));
        expect(order.every((position) => position > 0)).toBe(true);
        expect(order).toEqual([...order].sort((a, b) => a - b));
        expect(caseSql).toMatch(/else 'Direct'\n\s*end$/);
    });

    it("turns conditions into SQL on the prefixed columns", () => {
        const caseSql = channels.channelSql("s.");
        expect(caseSql).toContain(
            "(s.gclid is not null) or (s.msclkid is not null) or (s.medium in ('cpc', 'ppc', 'paid_search', 'paidsearch') and regexp_contains(s.source, '(^|[.])(google|bing|yahoo|duckduckgo|baidu|yandex|ecosia)([.]|$)'))",
        );
        expect(caseSql).toContain("when s.medium in ('affiliate') then 'Affiliates'");
        expect(caseSql).toContain("t[.]co");
        expect(caseSql).not.toContain("\\");
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
    });
});
