/**
 * Conversions an adopter defines and channel rules an adopter owns, through
 * the whole graph: int_conversions and mart_conversions_daily with the default
 * definitions (purchase equal to mart_daily_conversions), then a copy of the
 * project with includes/custom/channels.js and includes/custom/conversions.js
 * (an AI Assistants channel; a once-per-session conversion with a constant
 * value, a conditional one, sign_up removed).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CompilationFailed, compileProject } from "../../scripts/dataform/compile.ts";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import type { Row } from "../../scripts/engines/values.ts";
import { isRunProblem } from "../../scripts/dataform/execute.ts";
import { runProject } from "../../scripts/dataform/run-project.ts";
import { AI_ASSISTANTS_CHANNELS, customizedProject } from "../fixtures/customized-project.ts";
import { event, loadRaw, purchase } from "./inputs.ts";
import { useScenario } from "./harness.ts";

const SITE = "https://shop.example.com";

const events = [
    // a1 comes from ChatGPT, starts checkout twice and buys on the web
    event({ event_id: "a1-land", anonymous_id: "a1", at: "2024-03-01T10:00:00Z", referrer: "https://chatgpt.com/" }),
    event({ event_id: "a1-co1", anonymous_id: "a1", event_name: "begin_checkout", at: "2024-03-01T10:01:00Z" }),
    event({ event_id: "a1-co2", anonymous_id: "a1", event_name: "begin_checkout", at: "2024-03-01T10:02:00Z" }),
    event({ event_id: "a1-buy", anonymous_id: "a1", event_name: "purchase", at: "2024-03-01T10:03:00Z", payload: purchase("o-1", 100) }),
    // a2 comes from the newsletter, signs up and buys in the app
    event({
        event_id: "a2-land",
        anonymous_id: "a2",
        at: "2024-03-01T11:00:00Z",
        page_url: `${SITE}/?utm_source=newsletter&utm_medium=email`,
    }),
    event({
        event_id: "a2-sign",
        anonymous_id: "a2",
        event_name: "sign_up",
        at: "2024-03-01T11:01:00Z",
        payload: { email: "a2@example.com" },
    }),
    event({
        event_id: "a2-buy",
        anonymous_id: "a2",
        event_name: "purchase",
        platform: "ios",
        source: "app",
        at: "2024-03-01T11:02:00Z",
        payload: purchase("o-2", 50),
    }),
    // a3 only looks
    event({ event_id: "a3-land", anonymous_id: "a3", at: "2024-03-01T12:00:00Z" }),
];

const CUSTOM_CONVERSIONS = `module.exports = {
    conversions: [
        { name: "checkout_session", event: "begin_checkout", value: { constant: 5 }, countOnce: "session" },
        { name: "app_purchase", event: "purchase", condition: "platform in ('ios', 'android')", value: { column: "revenue_reporting" } },
    ],
    remove: ["sign_up"],
};
`;

const daily = (rows: Row[]) =>
    rows.map(
        (row) =>
            `${row.conversion} ${row.channel}: ${row.conversions} in ${row.converting_sessions}/${row.sessions} sessions, value ${row.value}`,
    );
const DAILY_SQL = "select * from marts.mart_conversions_daily order by conversion, channel";

describe("default conversions: purchase and sign_up", () => {
    const scenario = useScenario({ events });

    it("mart_conversions_daily: every definition for every date and channel with sessions", async () => {
        expect(daily(await scenario().rows(DAILY_SQL))).toEqual([
            "purchase Direct: 0 in 0/1 sessions, value 0",
            "purchase Email: 1 in 1/1 sessions, value 50",
            "purchase Referral: 1 in 1/1 sessions, value 100",
            "sign_up Direct: 0 in 0/1 sessions, value 0",
            "sign_up Email: 1 in 1/1 sessions, value 0",
            "sign_up Referral: 0 in 0/1 sessions, value 0",
        ]);
    });

    it("purchase equals mart_daily_conversions' orders and revenue, date by date and channel by channel", async () => {
        const purchases = await scenario().rows(
            "select date, channel, sessions, conversions as orders, value as revenue, conversion_rate from marts.mart_conversions_daily where conversion = 'purchase' order by date, channel",
        );
        const orders = await scenario().rows(
            "select date, channel, sessions, orders, revenue, conversion_rate from marts.mart_daily_conversions order by date, channel",
        );
        expect(purchases).toEqual(orders);
    });
});

describe("an adopter's channel rules and conversions (includes/custom/)", () => {
    const project = customizedProject({
        "includes/custom/channels.js": AI_ASSISTANTS_CHANNELS,
        "includes/custom/conversions.js": CUSTOM_CONVERSIONS,
    });
    let engine: DuckDbEngine;
    let problems: string[] = [];
    const rows = async (sql: string) => (await engine.query(sql)).rows;

    beforeAll(async () => {
        engine = await DuckDbEngine.open(":memory:");
        await loadRaw(engine, { events });
        const report = await runProject(project.dir, engine, {});
        problems = report.results.filter(isRunProblem).map((result) => `${result.name}: ${result.error}`);
    });
    afterAll(async () => {
        await engine?.close();
        project.remove();
    });

    it("compiles and runs every action, assertions included", () => {
        expect(problems).toEqual([]);
    });

    it("puts the ChatGPT session in AI Assistants", async () => {
        expect(await rows("select session_id, channel from marts.fct_sessions order by session_id")).toEqual([
            { session_id: "a1-land", channel: "AI Assistants" },
            { session_id: "a2-land", channel: "Email" },
            { session_id: "a3-land", channel: "Direct" },
        ]);
    });

    it("counts a once-per-session conversion once, a conditional one only where it holds, a removed one nowhere", async () => {
        expect(daily(await rows(DAILY_SQL))).toEqual([
            "app_purchase AI Assistants: 0 in 0/1 sessions, value 0",
            "app_purchase Direct: 0 in 0/1 sessions, value 0",
            "app_purchase Email: 1 in 1/1 sessions, value 50",
            "checkout_session AI Assistants: 1 in 1/1 sessions, value 5",
            "checkout_session Direct: 0 in 0/1 sessions, value 0",
            "checkout_session Email: 0 in 0/1 sessions, value 0",
            "purchase AI Assistants: 1 in 1/1 sessions, value 100",
            "purchase Direct: 0 in 0/1 sessions, value 0",
            "purchase Email: 1 in 1/1 sessions, value 50",
        ]);
    });
});

describe("a faulty override file", () => {
    it("stops compilation with an error naming the file and the rule", async () => {
        const project = customizedProject({
            "includes/custom/channels.js": `module.exports = { rules: [{ channel: "AI Assistants", before: "Refferal", anyOf: [[{ field: "source", present: true }]] }] };\n`,
        });
        try {
            const error = await compileProject(project.dir).then(
                () => undefined,
                (caught: unknown) => caught,
            );
            expect(error).toBeInstanceOf(CompilationFailed);
            expect(String((error as Error).message)).toContain(
                'includes/custom/channels.js: rule "AI Assistants": before names no rule: "Refferal"',
            );
        } finally {
            project.remove();
        }
    });
});
