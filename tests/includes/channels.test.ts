/**
 * The channel rules: the defaults (GA4's default channel group) on GA4's worked
 * examples, evaluated as int_session_channels evaluates them (trafficSourceSql
 * then channelSql) on the ZetaSQL reference evaluator (BigQuery's semantics)
 * and, translated, on DuckDB; and the merge of an adopter's overrides with its
 * checks, each naming the rule at fault.
 */
import { describe, expect, it } from "vitest";
import { useExpressionOnExamples } from "./both-engines.ts";
import { requireInclude } from "./load.ts";

const channels = requireInclude("./channels.js") as typeof import("../../includes/channels.js");
const { EXAMPLES } = requireInclude("./channel_examples.js") as typeof import("../../includes/channel_examples.js");

/** The landing-page columns int_session_channels reads, lower-cased as it parses them. */
const RAW = ["source", "medium", "campaign", "referrer_host", "gclid", "msclkid", "fbclid", "ttclid"] as const;
type Raw = Partial<Record<(typeof RAW)[number], string>>;

function raw(example: (typeof EXAMPLES)[number]): Raw {
    const lower = (value: string | undefined) => value?.toLowerCase();
    return {
        source: lower(example.utm_source),
        medium: lower(example.utm_medium),
        campaign: lower(example.utm_campaign),
        referrer_host: example.referrer,
        gclid: example.gclid,
        msclkid: example.msclkid,
        fbclid: example.fbclid,
        ttclid: example.ttclid,
    };
}

/** channelSql over GA4's source and medium, as the view nests them. */
function channelExpression(merged = { rules: channels.RULES, sourceLists: channels.SOURCE_LISTS }): string {
    const columns = Object.fromEntries(RAW.map((name) => [name, name])) as Record<(typeof RAW)[number], string>;
    const ga4 = channels.trafficSourceSql(columns, merged.sourceLists);
    return channels.channelSql({ ...columns, source: ga4.source, medium: ga4.medium }, { rules: merged.rules, lists: merged.sourceLists });
}

const defaultsOf = useExpressionOnExamples("channels-defaults", channelExpression(), RAW, EXAMPLES.map(raw));

const AI_ASSISTANTS = {
    sourceLists: { ai_assistants: ["chatgpt.com", "perplexity.ai", "gemini.google.com", "copilot.microsoft.com", "claude.ai"] },
    rules: [{ channel: "AI Assistants", before: "Referral", anyOf: [[{ field: "source", inList: "ai_assistants" }]] }],
};
const AI_EXAMPLES: [Raw, string][] = [
    [{ referrer_host: "chatgpt.com" }, "AI Assistants"],
    [{ referrer_host: "www.perplexity.ai" }, "AI Assistants"],
    // the Organic Search rule comes first: google.com stays a search engine, gemini.google.com does not
    [{ referrer_host: "gemini.google.com" }, "Organic Search"],
    [{ referrer_host: "blog.example.org" }, "Referral"],
];
const aiOf = useExpressionOnExamples(
    "channels-ai",
    channelExpression(channels.mergeChannelRules(AI_ASSISTANTS)),
    RAW,
    AI_EXAMPLES.map(([touch]) => touch),
);

describe("the default channel rules on GA4's worked examples", () => {
    it("give the same channels on both engines", () => {
        expect(defaultsOf().duckdb).toEqual(defaultsOf().zetasql);
    });

    it.each(EXAMPLES.map((example, i) => [JSON.stringify(example), example.channel, i] as const))("%s", (_name, channel, i) => {
        expect(defaultsOf().zetasql[i]).toBe(channel);
    });

    it("cover every channel of GA4's default channel group, in GA4's order, Unassigned last", () => {
        expect(channels.CHANNELS).toEqual([
            "Direct",
            "Cross-network",
            "Paid Shopping",
            "Paid Search",
            "Paid Social",
            "Paid Video",
            "Display",
            "Paid Other",
            "Organic Shopping",
            "Organic Social",
            "Organic Video",
            "Organic Search",
            "Referral",
            "Email",
            "Affiliates",
            "Audio",
            "SMS",
            "Mobile Push Notifications",
            "Unassigned",
        ]);
        expect(new Set(EXAMPLES.map((example) => example.channel))).toEqual(new Set(channels.CHANNELS));
    });

    it("write regular expressions without backslashes (they translate unreliably)", () => {
        expect(channelExpression()).toContain("t[.]co");
        expect(channelExpression()).not.toContain("\\");
    });
});

describe("an adopter's overrides", () => {
    it("add an AI Assistants channel before Referral, on both engines", () => {
        expect(aiOf().duckdb).toEqual(aiOf().zetasql);
        expect(aiOf().zetasql).toEqual(AI_EXAMPLES.map(([, channel]) => channel));
        const names = channels.mergeChannelRules(AI_ASSISTANTS).rules.map((rule) => rule.channel);
        expect(names.indexOf("AI Assistants")).toBe(names.indexOf("Referral") - 1);
    });

    it("change nothing when empty", () => {
        expect(channels.mergeChannelRules({}).rules).toEqual(channels.DEFAULT_RULES);
        expect(channels.mergeChannelRules({}).sourceLists).toEqual(channels.DEFAULT_SOURCE_LISTS);
    });

    it("extend a source list, lower-cased, without duplicates", () => {
        const { sourceLists } = channels.mergeChannelRules({ sourceLists: { search: ["Kagi", "google"] } });
        expect(sourceLists.search).toEqual([...channels.DEFAULT_SOURCE_LISTS.search, "kagi"]);
    });

    it("replace a default rule in its place, whatever the case of its name, and lower-case its values", () => {
        const { rules } = channels.mergeChannelRules({ rules: [{ channel: "email", anyOf: [[{ field: "medium", in: ["Newsletter"] }]] }] });
        const at = channels.DEFAULT_RULES.findIndex((rule) => rule.channel === "Email");
        expect(rules[at]).toEqual({ channel: "email", anyOf: [[{ field: "medium", in: ["newsletter"] }]] });
        expect(rules).toHaveLength(channels.DEFAULT_RULES.length);
    });

    it("move a replaced rule with after, remove rules and reorder them", () => {
        const moved = channels
            .mergeChannelRules({ rules: [{ ...channels.DEFAULT_RULES[13], after: "SMS" }] })
            .rules.map((rule) => rule.channel);
        expect(moved.slice(moved.indexOf("SMS"), moved.indexOf("SMS") + 2)).toEqual(["SMS", "Email"]);
        const removed = channels.mergeChannelRules({ remove: ["Audio", "SMS"] }).rules.map((rule) => rule.channel);
        expect(removed).not.toContain("Audio");
        expect(removed).toHaveLength(channels.DEFAULT_RULES.length - 2);
        const order = [...channels.DEFAULT_RULES.map((rule) => rule.channel)].reverse();
        expect(channels.mergeChannelRules({ order }).rules.map((rule) => rule.channel)).toEqual(order);
    });

    it.each([
        [
            { rules: [{ channel: "AI", anyOf: [[{ field: "sorce", in: ["x"] }]] }] },
            /rule "AI", alternative 1, condition 1: field "sorce" is not one of source, medium/,
        ],
        [
            { rules: [{ channel: "AI", anyOf: [[{ field: "source", inList: "ai" }]] }] },
            /rule "AI", alternative 1, condition 1: inList "ai" is not a source list/,
        ],
        [{ rules: [{ channel: "AI", anyOf: [[{ field: "source", in: ["a"], present: true }]] }] }, /rule "AI", .*needs exactly one of/],
        [{ rules: [{ channel: "AI", anyOf: [[{ field: "source", matches: "a\\.b" }]] }] }, /rule "AI", .*without backslashes/],
        [{ rules: [{ channel: "AI", anyOf: [[{ field: "source", matches: "(" }]] }] }, /rule "AI", .*is not a regular expression/],
        [{ rules: [{ channel: "AI", anyOf: [] }] }, /rule "AI": anyOf must be a non-empty list/],
        [
            { rules: [{ channel: "AI", before: "Refferal", anyOf: [[{ field: "source", present: true }]] }] },
            /rule "AI": before names no rule: "Refferal"/,
        ],
        [{ rules: [{ channel: "AI", anyOf: [[{ field: "source", present: true }]], colour: "red" }] }, /rule "AI": unknown key "colour"/],
        [
            {
                rules: [
                    { channel: "AI", anyOf: [[{ field: "source", present: true }]] },
                    { channel: "ai", anyOf: [[{ field: "source", present: true }]] },
                ],
            },
            /rule "ai": appears twice/,
        ],
        [
            { rules: [{ channel: "Unassigned", anyOf: [[{ field: "source", present: true }]] }] },
            /rule "Unassigned": is what no rule matching means/,
        ],
        [{ remove: ["Podcasts"] }, /remove "Podcasts": no default rule has this channel/],
        [{ order: ["Direct"] }, /order: must list every rule's channel once; missing \[Cross-network/],
        [{ sourceLists: { search: ["bad host"] } }, /sourceLists.search: must be a non-empty list/],
        [{ channels: [] }, /module.exports: unknown key "channels"/],
    ])("refuse %j, naming the rule", (overrides, message) => {
        expect(() => channels.mergeChannelRules(overrides)).toThrow(/^includes\/custom\/channels\.js: /);
        expect(() => channels.mergeChannelRules(overrides)).toThrow(message);
    });
});
