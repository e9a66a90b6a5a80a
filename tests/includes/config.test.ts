import { describe, expect, it } from "vitest";
import { requireInclude } from "./load.ts";

const { parseVars, VAR_DEFAULTS } = requireInclude("./config.js") as typeof import("../../includes/config.js");

describe("config.parseVars", () => {
    it("applies every default when no var is set", () => {
        const settings = parseVars({});
        expect(settings.datasets).toEqual({ raw: "raw", staging: "staging", intermediate: "intermediate", marts: "marts" });
        expect(settings.lateThresholdMinutes).toBe(60);
        expect(settings.sessionTimeoutMinutes).toBe(30);
        expect(settings.attributionLookbackDays).toBe(30);
        expect(settings.attributionHalfLifeDays).toBe(7);
        expect(settings.consentDefaultAnalytics).toBe(true);
        expect(settings.consentDefaultAds).toBe(false);
        expect(settings.reportingCurrency).toBe("USD");
        expect(settings.ownHosts).toEqual([]);
        expect(settings.funnelSteps).toEqual(["view_item", "add_to_cart", "begin_checkout", "purchase"]);
    });

    it("parses numbers, lists and consent values from strings", () => {
        const settings = parseVars({
            late_threshold_minutes: "15",
            attribution_half_life_days: "3.5",
            own_hosts: " Shop.Example.com | example.org |",
            consent_default_ads: "granted",
            min_match_rate: "0.75",
            funnel_steps: "view_item|purchase",
        });
        expect(settings.lateThresholdMinutes).toBe(15);
        expect(settings.attributionHalfLifeDays).toBe(3.5);
        expect(settings.ownHosts).toEqual(["shop.example.com", "example.org"]);
        expect(settings.consentDefaultAds).toBe(true);
        expect(settings.minMatchRate).toBe(0.75);
        expect(settings.funnelSteps).toEqual(["view_item", "purchase"]);
    });

    it.each([
        ["late_threshold_minutes", "sixty"],
        ["session_timeout_minutes", "0"],
        ["attribution_lookback_days", "-3"],
        ["attribution_half_life_days", "0"],
        ["min_match_rate", "1.5"],
        ["late_purchase_tolerance", "abc"],
        ["consent_default_analytics", "yes"],
        ["reporting_currency", "usd"],
        ["reporting_timezone", "Europe/Berlin'; drop table x; --"],
        ["raw_dataset", "raw-data"],
        ["own_hosts", "exa mple.com"],
        ["funnel_steps", "|"],
    ])("refuses %s = %j with an error naming the var", (name, value) => {
        expect(() => parseVars({ [name]: value })).toThrow(new RegExp(`var ${name}: `));
    });

    it("reads the data-check vars: freshness off by default, volume tolerance a share", () => {
        expect(parseVars({}).freshnessMaxHours).toBe(0);
        expect(parseVars({ freshness_max_hours: "26", volume_tolerance: "0.3" })).toMatchObject({
            freshnessMaxHours: 26,
            volumeTolerance: 0.3,
        });
        expect(() => parseVars({ freshness_max_hours: "-1" })).toThrow(
            /var freshness_max_hours: "-1" is not valid; expected a whole number of hours/,
        );
        expect(() => parseVars({ volume_tolerance: "2" })).toThrow(/var volume_tolerance: "2" is not valid; expected a share/);
    });

    it("has a default that parses for every var", () => {
        expect(Object.keys(VAR_DEFAULTS)).toHaveLength(22);
        expect(parseVars({ ...VAR_DEFAULTS })).toEqual(parseVars({}));
    });
});
