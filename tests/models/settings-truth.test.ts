/**
 * End to end with an adopter's settings, against the generator's truth: a
 * small generated data set run once under the defaults and once in a copy of
 * the project with EUR as the reporting currency, America/New_York as the
 * reporting time zone, a 15-minute session timeout, its own channel rules and
 * its own conversions. truth.json's `marts` is computed by the generator for
 * the same settings; the custom channel rules' effect is stated here, as a
 * map from the default channel of the generator's traffic to the custom one.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import type { Row } from "../../scripts/engines/values.ts";
import { isRunProblem } from "../../scripts/dataform/execute.ts";
import { runProject } from "../../scripts/dataform/run-project.ts";
import { loadDirectory } from "../../scripts/tracking/load-local.ts";
import { DEFAULT_RATES, type ReportingSettings } from "../../scripts/tracking/generator/config.ts";
import { generate } from "../../scripts/tracking/generator/run.ts";
import type { SettingsTruth } from "../../scripts/tracking/generator/truth-settings.ts";
import { customizedProject } from "../fixtures/customized-project.ts";
import { PROJECT_DIR } from "./harness.ts";

/** Custom rules: a Newsletter channel for the e-mail digest, TikTok ads apart from the other paid social. */
const CUSTOM_CHANNELS = `module.exports = {
    rules: [
        { channel: "Newsletter", before: "Direct", anyOf: [[{ field: "campaign", in: ["weekly_digest"] }]] },
        { channel: "TikTok Ads", before: "Paid Social", anyOf: [[{ field: "source", in: ["TikTok"] }, { field: "medium", matches: "^paid" }]] },
    ],
};
`;
/** The default channel of the traffic each custom channel takes (the rest keeps its channel): to compare with truth by default channel. */
const DEFAULT_CHANNEL_OF: Record<string, string> = { Newsletter: "Email", "TikTok Ads": "Paid Social" };
const CUSTOM_CONVERSIONS = `module.exports = {
    conversions: [
        { name: "checkout_session", event: "begin_checkout", value: { constant: 5 }, countOnce: "session" },
        { name: "add_to_cart", event: "add_to_cart" },
    ],
};
`;
const CUSTOM: ReportingSettings = { currency: "EUR", timezone: "America/New_York", sessionTimeoutMinutes: 15 };

interface Run {
    truth: SettingsTruth;
    rows(sql: string): Promise<Row[]>;
    problems: string[];
}

function useRun(name: string, reporting: ReportingSettings | undefined, files: Record<string, string>): () => Run {
    let run: Run | undefined;
    let engine: DuckDbEngine | undefined;
    let cleanup = () => {};
    beforeAll(async () => {
        const dir = mkdtempSync(join(tmpdir(), `marts-${name}-`));
        const project = Object.keys(files).length > 0 ? customizedProject(files) : undefined;
        cleanup = () => {
            rmSync(dir, { recursive: true, force: true });
            project?.remove();
        };
        const { truth } = await generate({ out: dir, days: 2, users: 120, seed: 11, start: "2024-03-01", rates: DEFAULT_RATES, reporting });
        engine = await DuckDbEngine.open(":memory:");
        await loadDirectory(engine, dir, { replace: true });
        const vars: Record<string, string> = reporting
            ? {
                  reporting_currency: reporting.currency,
                  reporting_timezone: reporting.timezone,
                  session_timeout_minutes: String(reporting.sessionTimeoutMinutes),
              }
            : {};
        const report = await runProject(project?.dir ?? PROJECT_DIR, engine, { vars });
        const db = engine;
        run = {
            truth: truth.marts,
            rows: async (sql) => (await db.query(sql)).rows,
            problems: report.results.filter(isRunProblem).map((result) => `${result.name}: ${result.error}`),
        };
    });
    afterAll(async () => {
        await engine?.close();
        cleanup();
    });
    return () => {
        if (!run) throw new Error(`${name}: did not run`);
        return run;
    };
}

const counts = (rows: Row[], key: string, value: string) =>
    Object.fromEntries(rows.filter((row) => row[value] !== "0").map((row) => [String(row[key]), Number(row[value])]));
const sums = (rows: Row[], key: string, value: string) => Object.fromEntries(rows.map((row) => [String(row[key]), String(row[value])]));

describe.each([
    ["defaults", undefined, {}],
    ["custom", CUSTOM, { "includes/custom/channels.js": CUSTOM_CHANNELS, "includes/custom/conversions.js": CUSTOM_CONVERSIONS }],
] as const)("%s", (name, reporting, files) => {
    const run = useRun(name, reporting, files);
    const custom = name === "custom";

    it("runs every action of the graph, assertions included", () => {
        expect(run().problems).toEqual([]);
    });

    it("sessions per date in the reporting time zone", async () => {
        const rows = await run().rows("select cast(session_date as string) as date, count(*) as n from marts.fct_sessions group by 1");
        expect(counts(rows, "date", "n")).toEqual(run().truth.sessions_by_date);
    });

    /** SQL: the channel column; under the custom rules, folded back to the default channel of its traffic. */
    const channel = custom
        ? `case channel ${Object.entries(DEFAULT_CHANNEL_OF)
              .map(([from, to]) => `when '${from}' then '${to}'`)
              .join(" ")} else channel end`
        : "channel";

    it("sessions and orders per channel", async () => {
        const truth = run().truth;
        const sessions = await run().rows(`select ${channel} as channel, count(*) as n from marts.fct_sessions group by 1`);
        const orders = await run().rows(
            `select ${channel} as channel, sum(orders) as n, sum(revenue) as revenue from marts.fct_sessions group by 1 having sum(orders) > 0`,
        );
        expect(counts(sessions, "channel", "n")).toEqual(truth.sessions_by_channel);
        expect(counts(orders, "channel", "n")).toEqual(
            Object.fromEntries(Object.entries(truth.orders_by_channel).map(([name, o]) => [name, o.count])),
        );
        expect(sums(orders, "channel", "revenue")).toEqual(
            Object.fromEntries(Object.entries(truth.orders_by_channel).map(([name, o]) => [name, o.revenue_reporting])),
        );
    });

    it("has the custom channels only under the custom rules, for the traffic they name", async () => {
        const rows = await run().rows(
            "select distinct channel, source, campaign from marts.fct_sessions where channel in ('Newsletter', 'TikTok Ads')",
        );
        expect(rows.map((row) => `${row.channel}: ${row.source} ${row.campaign}`).sort()).toEqual(
            custom ? ["Newsletter: newsletter weekly_digest", "TikTok Ads: tiktok creators_q1"] : [],
        );
    });

    it("conversions per definition", async () => {
        const truth = run().truth;
        const rows = await run().rows(
            "select conversion, sum(conversions) as n, sum(value) as value from marts.mart_conversions_daily group by conversion",
        );
        const purchases = Object.values(truth.orders_by_channel).reduce((sum, o) => sum + o.count, 0);
        const expected: Record<string, number> = custom
            ? {
                  purchase: purchases,
                  sign_up: truth.kept_events_by_name.sign_up ?? 0,
                  checkout_session: truth.sessions_with_event.begin_checkout ?? 0,
                  add_to_cart: truth.kept_events_by_name.add_to_cart ?? 0,
              }
            : { purchase: purchases, sign_up: truth.kept_events_by_name.sign_up ?? 0 };
        expect(Object.fromEntries(rows.map((row) => [row.conversion, Number(row.n)]))).toEqual(expected);
        if (custom) expect(rows.find((row) => row.conversion === "checkout_session")?.value).toBe(String(5 * expected.checkout_session!));
    });

    it("funnel sessions per step", async () => {
        const rows = await run().rows("select step_name, sum(sessions) as n from marts.mart_funnel_daily group by step_name");
        expect(counts(rows, "step_name", "n")).toEqual(
            Object.fromEntries(Object.entries(run().truth.funnel_sessions).filter(([, n]) => n > 0)),
        );
    });

    it("first- and last-touch revenue per channel", async () => {
        for (const [model, expected] of [
            ["first_touch", run().truth.first_touch_revenue_by_channel],
            ["last_touch", run().truth.last_touch_revenue_by_channel],
        ] as const) {
            const rows = await run().rows(
                `select ${channel} as channel, sum(attributed_revenue) as revenue from marts.mart_attribution where conversion = 'purchase' and model = '${model}' group by 1 having sum(credit) > 0`,
            );
            expect(sums(rows, "channel", "revenue")).toEqual(expected);
        }
    });
});
