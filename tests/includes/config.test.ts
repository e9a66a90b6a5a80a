import { describe, expect, it } from "vitest";
import { requireInclude } from "./load.ts";
import { NASTY_TEXTS } from "./nasty-texts.ts";

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

    it("parses numbers, lists, zones and consent values from strings", () => {
        const settings = parseVars({
            late_threshold_minutes: "15",
            attribution_half_life_days: "3.5",
            own_hosts: " Shop.Example.com | example.org |",
            consent_default_ads: "granted",
            min_match_rate: "0.75",
            funnel_steps: "view_item|purchase",
            reporting_timezone: "America/Argentina/Buenos_Aires",
            source_timezone: "+05:30",
            reporting_currency: "SEK",
        });
        expect(settings.lateThresholdMinutes).toBe(15);
        expect(settings.attributionHalfLifeDays).toBe(3.5);
        expect(settings.ownHosts).toEqual(["shop.example.com", "example.org"]);
        expect(settings.consentDefaultAds).toBe(true);
        expect(settings.minMatchRate).toBe(0.75);
        expect(settings.funnelSteps).toEqual(["view_item", "purchase"]);
        expect(settings.reportingTimezone).toBe("America/Argentina/Buenos_Aires");
        expect(settings.sourceTimezone).toBe("+05:30");
        expect(settings.reportingCurrency).toBe("SEK");
    });

    // [var, value, what the message must say is allowed]
    it.each([
        ["late_threshold_minutes", "sixty", "a whole number from 1 to 10080"],
        ["late_threshold_minutes", "10081", "a whole number from 1 to 10080"],
        ["session_timeout_minutes", "0", "a whole number from 1 to 1440"],
        ["attribution_lookback_days", "-3", "a whole number from 1 to 365"],
        ["incremental_lookback_days", "1.5", "a whole number from 1 to 3650"],
        ["attribution_half_life_days", "0", "a number above 0 and at most 365"],
        ["min_match_rate", "1.5", "a share from 0 to 1"],
        ["late_purchase_tolerance", "abc", "a share from 0 to 1"],
        ["late_purchase_min_orders", "0", "a whole number from 1 to"],
        ["consent_default_analytics", "yes", "granted or denied"],
        ["reporting_currency", "usd", "in upper case, such as USD or EUR (USD?)"],
        ["reporting_currency", "XYZ", "ISO 4217 has no XYZ"],
        ["reporting_timezone", "Mars/Phobos", 'the IANA time zone database has no "Mars/Phobos"'],
        ["source_timezone", "europe/berlin", "spelt as the IANA database spells it: Europe/Berlin"],
        ["source_timezone", "+15:00", "an offset such as +02:00"],
        ["reporting_timezone", "Europe/Berlin'; drop table x; --", "an IANA time zone name"],
        ["raw_dataset", "raw-data", "a BigQuery dataset name"],
        ["own_hosts", "exa mple.com", 'host names such as shop.example.com ("exa mple.com" is not one)'],
        ["bot_patterns", "bot|a\\b", "user-agent fragments without spaces, control characters, brackets or backslashes"],
        ["bot_patterns", "bot|a\u0001b", "user-agent fragments without spaces, control characters"],
        ["funnel_steps", "|", "at least one"],
        ["funnel_steps", "view_item|refund", "distinct event names of the tracking plan"],
        ["funnel_steps", "purchase|purchase", "distinct event names of the tracking plan"],
    ])("refuses %s = %j, naming the var, the value and what is allowed", (name, value, allowed) => {
        expect(() => parseVars({ [name]: value })).toThrow(`var ${name}: ${JSON.stringify(value)} is not valid; expected `);
        expect(() => parseVars({ [name]: value })).toThrow(allowed);
    });

    it("reads the data-check vars: freshness off by default, volume tolerance a share", () => {
        expect(parseVars({}).freshnessMaxHours).toBe(0);
        expect(parseVars({ freshness_max_hours: "26", volume_tolerance: "0.3" })).toMatchObject({
            freshnessMaxHours: 26,
            volumeTolerance: 0.3,
        });
        expect(() => parseVars({ freshness_max_hours: "-1" })).toThrow(
            /var freshness_max_hours: "-1" is not valid; expected a whole number from 0 to 8760/,
        );
        expect(() => parseVars({ volume_tolerance: "2" })).toThrow(/var volume_tolerance: "2" is not valid; expected a share/);
    });

    it("refuses a var it does not know, naming the nearest one", () => {
        expect(() => parseVars({ reporting_timzone: "UTC" })).toThrow(
            /var reporting_timzone is not a var of this project; did you mean reporting_timezone\?/,
        );
        expect(() => parseVars({ spider: "" })).toThrow(/var spider is not a var of this project/);
    });

    // Each string var either refuses a text that could break out of a SQL literal, naming the var, or
    // takes it into settings that reach SQL only through sql.string (sql-literals.test.ts runs those).
    const stringVars = Object.entries(VAR_DEFAULTS)
        .filter(([, value]) => !/^[0-9.]+$/.test(value))
        .map(([name]) => name);
    it.each(stringVars.flatMap((name) => NASTY_TEXTS.map((text) => [name, text])))(
        "%s = %j is refused by name or kept as text",
        (name, text) => {
            let settings;
            try {
                settings = parseVars({ [name]: text });
            } catch (error) {
                expect((error as Error).message).toMatch(new RegExp(`^var ${name}: `));
                return;
            }
            expect(JSON.stringify(settings)).toContain(JSON.stringify(text.trim().toLowerCase()).slice(1, -1));
        },
    );

    it("has a default that parses for every var", () => {
        expect(Object.keys(VAR_DEFAULTS)).toHaveLength(23);
        expect(parseVars({ ...VAR_DEFAULTS })).toEqual(parseVars({}));
    });
});
