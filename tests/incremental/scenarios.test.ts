/**
 * Hand-written cases where a later run changes rows received before its
 * window (lookback 1 day: the second run reprocesses 2024-03-02 on): a server
 * purchase that replaces the browser's, a login that restitches a device's
 * anonymous history, an account switch that moves a device's events between
 * two people, a replay of an old event, and a late event landing inside a
 * session of the first run. Each must leave every table equal to one full refresh.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../scripts/dataform/compile.ts";
import type { CompiledGraph } from "../../scripts/dataform/graph.ts";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import { runProject } from "../../scripts/dataform/run-project.ts";
import { event, loadRaw, purchase } from "../models/inputs.ts";
import { compareModelTables, failures, PROJECT_DIR, runInBatches } from "./harness.ts";

/** The first run holds rows received until 2024-03-03, so the second run reprocesses 2024-03-02 on (lookback 1 day). */
const FIRST_RUN_UNTIL = "2024-03-04 00:00:00+00";

const events = [
    // run 1: the latest received date the tables hold, 2024-03-03, anchors the second run's window
    event({ event_id: "anchor", anonymous_id: "a-anchor", at: "2024-03-03T12:00:00Z" }),
    // run 1: the browser's purchase; run 2: the server's copy of the order (no anonymous_id), three days late, wins
    event({
        event_id: "pair-browser",
        anonymous_id: "a-pair",
        user_id: "u-pair",
        event_name: "purchase",
        at: "2024-03-01T09:10:00Z",
        received_at: "2024-03-01T09:10:01Z",
        payload: purchase("o-pair", 99),
    }),
    event({
        event_id: "pair-server",
        anonymous_id: null,
        user_id: "u-pair",
        event_name: "purchase",
        source: "server",
        platform: "backend",
        page_url: null,
        at: "2024-03-01T09:10:02Z",
        received_at: "2024-03-04T09:00:00Z",
        payload: purchase("o-pair", 100),
    }),
    // run 1: anonymous browsing; run 2: the login on the same device
    event({ event_id: "login-1", anonymous_id: "a-login", at: "2024-03-01T08:00:00Z" }),
    event({ event_id: "login-2", anonymous_id: "a-login", at: "2024-03-01T08:05:00Z" }),
    event({ event_id: "login-3", anonymous_id: "a-login", user_id: "u-login", at: "2024-03-04T10:00:00Z" }),
    // run 1: a device used by u-old, also anonymously inside u-old's session; run 2: the device logs in as u-new
    event({ event_id: "switch-1", anonymous_id: "a-switch", user_id: "u-old", at: "2024-03-01T12:00:00Z" }),
    event({ event_id: "switch-2", anonymous_id: "a-switch", at: "2024-03-01T12:10:00Z" }),
    event({ event_id: "switch-3", anonymous_id: "b-old", user_id: "u-old", at: "2024-03-01T12:20:00Z" }),
    event({ event_id: "switch-4", anonymous_id: "a-switch", user_id: "u-new", at: "2024-03-04T12:00:00Z" }),
    // run 2: a replay of an event kept in run 1
    event({ event_id: "replay", anonymous_id: "a-replay", at: "2024-03-01T07:00:00Z", received_at: "2024-03-01T07:00:01Z" }),
    event({ event_id: "replay", anonymous_id: "a-replay", at: "2024-03-01T07:00:00Z", received_at: "2024-03-04T07:00:00Z" }),
    // run 2: an offline event that falls between two events of a run-1 session, and one that bridges two sessions into one
    event({ event_id: "late-1", anonymous_id: "a-late", at: "2024-03-01T15:00:00Z" }),
    event({ event_id: "late-2", anonymous_id: "a-late", at: "2024-03-01T15:20:00Z" }),
    event({ event_id: "late-3", anonymous_id: "a-late", at: "2024-03-01T15:55:00Z" }),
    event({ event_id: "late-4", anonymous_id: "a-late", at: "2024-03-01T15:35:00Z", received_at: "2024-03-04T08:00:00Z" }),
    event({ event_id: "late-5", anonymous_id: "a-late", at: "2024-03-01T15:10:00Z", received_at: "2024-03-04T08:00:01Z" }),
    // run 1: the browser's purchase just after midnight, alone in its session of 2024-03-02; run 2: the server's copy,
    // timed before midnight, wins: the session and its date disappear
    event({
        event_id: "midnight-browser",
        anonymous_id: "a-midnight",
        user_id: "u-midnight",
        event_name: "purchase",
        at: "2024-03-02T00:05:00Z",
        payload: purchase("o-midnight", 30),
    }),
    event({
        event_id: "midnight-server",
        anonymous_id: null,
        user_id: "u-midnight",
        event_name: "purchase",
        source: "server",
        platform: "backend",
        page_url: null,
        at: "2024-03-01T23:58:00Z",
        received_at: "2024-03-04T11:00:00Z",
        payload: purchase("o-midnight", 30),
    }),
    // run 2: an offline event 20 minutes after a run-1 session ended carries it on (timeout 30 minutes)
    event({ event_id: "tail-1", anonymous_id: "a-tail", at: "2024-03-01T18:00:00Z" }),
    event({ event_id: "tail-2", anonymous_id: "a-tail", at: "2024-03-01T18:10:00Z" }),
    event({ event_id: "tail-3", anonymous_id: "a-tail", at: "2024-03-01T18:30:00Z", received_at: "2024-03-04T09:30:00Z" }),
    // run 1: a server purchase without page context opens a session (channel Direct); run 2: the browser's
    // page view from a paid click, ten minutes later in the same session, arrives and gives the session its channel
    event({
        event_id: "paid-purchase",
        anonymous_id: null,
        user_id: "u-paid",
        event_name: "purchase",
        source: "server",
        platform: "backend",
        page_url: null,
        at: "2024-03-01T20:00:00Z",
        payload: purchase("o-paid", 50),
    }),
    event({
        event_id: "paid-view",
        anonymous_id: "a-paid",
        user_id: "u-paid",
        page_url: "https://shop.example.com/?utm_source=google&utm_medium=cpc&gclid=g-1",
        at: "2024-03-01T20:10:00Z",
        received_at: "2024-03-04T10:30:00Z",
    }),
];

let graph: CompiledGraph;
let full: DuckDbEngine;
let batched: DuckDbEngine;
let runFailures: string[][];
let writtenIncrementally: string[];

beforeAll(async () => {
    graph = await compileProject(PROJECT_DIR, {
        vars: { incremental_lookback_days: "1", min_match_rate: "0", late_purchase_tolerance: "1" },
    });
    full = await DuckDbEngine.open(":memory:");
    await loadRaw(full, { events });
    expect(failures(await runProject(PROJECT_DIR, full, { graph, fullRefresh: true }))).toEqual([]);
    batched = await DuckDbEngine.open(":memory:");
    await loadRaw(batched, { events });
    const reports = await runInBatches(batched, graph, [FIRST_RUN_UNTIL]);
    runFailures = reports.map(failures);
    writtenIncrementally = reports[1].results
        .filter((result) => result.incremental)
        .map((result) => result.name.split(".").at(-1)!)
        .sort();
});

afterAll(async () => {
    await full?.close();
    await batched?.close();
});

describe("changes to rows received on 2024-03-01, before the second run's window (lookback 1 day)", () => {
    it("runs every action in both runs", () => {
        expect(runFailures).toEqual([[], []]);
    });

    it("writes the event tables incrementally in the second run", () => {
        expect(writtenIncrementally).toEqual([
            "events_quarantine",
            "fct_events",
            "fct_sessions",
            "int_events_deduplicated",
            "int_events_sessionized",
            "int_events_stitched",
            "int_order_touchpoints",
            "int_sessions",
            "mart_assertion_results",
            "mart_attribution",
            "mart_attribution_daily",
            "mart_campaigns_daily",
            "mart_consent_daily",
            "mart_daily_conversions",
            "mart_funnel_daily",
            "mart_pages_daily",
            "mart_products_daily",
            "stg_event_consent",
            "stg_events",
            "stg_events_parsed",
        ]);
    });

    it("lists in the worklist every person whose events change, from the earliest one", async () => {
        const { rows } = await batched.query(
            "select distinct user_key, changed_from from intermediate.int_person_changes order by user_key",
        );
        expect(rows).toEqual([
            // received in the window
            { user_key: "anon:a-anchor", changed_from: "2024-03-03T12:00:00.000000Z" },
            // the late events, not their session's earlier ones
            { user_key: "anon:a-late", changed_from: "2024-03-01T15:10:00.000000Z" },
            // the device's history moves from its anonymous key to the person who logged in
            { user_key: "anon:a-login", changed_from: "2024-03-01T08:00:00.000000Z" },
            // the events that arrive late, however long after the session they join or carry on
            { user_key: "anon:a-tail", changed_from: "2024-03-01T18:30:00.000000Z" },
            { user_key: "u-login", changed_from: "2024-03-01T08:00:00.000000Z" },
            // the switched device's anonymous event leaves u-old for u-new; every event of a restitched device counts, u-old's own too
            { user_key: "u-midnight", changed_from: "2024-03-01T23:58:00.000000Z" },
            { user_key: "u-new", changed_from: "2024-03-01T12:10:00.000000Z" },
            { user_key: "u-old", changed_from: "2024-03-01T12:00:00.000000Z" },
            { user_key: "u-paid", changed_from: "2024-03-01T20:10:00.000000Z" },
            // the browser's purchase, replaced by the server's
            { user_key: "u-pair", changed_from: "2024-03-01T09:10:00.000000Z" },
        ]);
    });

    it("the server's purchase replaces the browser's; the login and the switch restitch; the replay is dropped; the late events join the session", async () => {
        const rows = async (engine: DuckDbEngine) =>
            (await engine.query("select event_id, user_key, session_id from marts.fct_events order by event_id")).rows;
        const incremental = await rows(batched);
        expect(incremental).toEqual(await rows(full));
        const byId = Object.fromEntries(incremental.map((row) => [row.event_id, row]));
        expect(byId["pair-browser"]).toBeUndefined();
        expect(byId["pair-server"]).toBeDefined();
        expect([byId["login-1"].user_key, byId["switch-2"].user_key]).toEqual(["u-login", "u-new"]);
        expect(new Set(["late-1", "late-2", "late-3", "late-4", "late-5"].map((id) => byId[id].session_id)).size).toBe(1);
        expect(["tail-1", "tail-2", "tail-3"].map((id) => byId[id].session_id)).toEqual(["tail-1", "tail-1", "tail-1"]);
        expect(byId["midnight-browser"]).toBeUndefined();
    });

    it("recomputes the date of a session that disappeared: 2024-03-02 has no sessions left", async () => {
        const { rows } = await batched.query("select date, sessions from marts.mart_daily_conversions where date = date '2024-03-02'");
        expect(rows).toEqual([]);
        const dates = await batched.query(
            "select distinct changed_date from intermediate.int_person_changes where user_key = 'u-midnight' order by 1",
        );
        expect(dates.rows).toEqual([{ changed_date: "2024-03-01" }, { changed_date: "2024-03-02" }]);
    });

    it("a session carried on by a late event, and the late page view that gives an earlier order's session its channel", async () => {
        const sessions = await batched.query(
            "select session_id, ended_at, event_count, channel from marts.fct_sessions where session_id in ('tail-1', 'paid-purchase') order by 1",
        );
        expect(sessions.rows).toEqual([
            { session_id: "paid-purchase", ended_at: "2024-03-01T20:10:00.000000Z", event_count: "2", channel: "Paid Search" },
            { session_id: "tail-1", ended_at: "2024-03-01T18:30:00.000000Z", event_count: "3", channel: "Direct" },
        ]);
        const touchpoints = await batched.query(
            "select order_id, session_id, channel, click_id from intermediate.int_order_touchpoints where order_id = 'o-paid'",
        );
        expect(touchpoints.rows).toEqual([{ order_id: "o-paid", session_id: "paid-purchase", channel: "Paid Search", click_id: "g-1" }]);
    });

    it("leaves every table equal to one full refresh", async () => {
        expect(await compareModelTables(full, batched)).toEqual([]);
    });
});
