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
import { runProject } from "../../scripts/executor/run-project.ts";
import { event, loadRaw, purchase } from "../models/inputs.ts";
import { compareModelTables, failures, PROJECT_DIR, runInBatches } from "./harness.ts";

/** The first run holds rows received until 2024-03-03, so the second run reprocesses 2024-03-02 on (lookback 1 day). */
const FIRST_RUN_UNTIL = "2024-03-04 00:00:00+00";

const events = [
  // run 1: the latest received date the tables hold, 2024-03-03, anchors the second run's window
  event({ event_id: "anchor", anonymous_id: "a-anchor", at: "2024-03-03T12:00:00Z" }),
  // run 1: the browser's purchase; run 2: the server's copy of the order (no anonymous_id), three days late, wins
  event({ event_id: "pair-browser", anonymous_id: "a-pair", user_id: "u-pair", event_name: "purchase", at: "2024-03-01T09:10:00Z", received_at: "2024-03-01T09:10:01Z", payload: purchase("o-pair", 99) }),
  event({ event_id: "pair-server", anonymous_id: null, user_id: "u-pair", event_name: "purchase", source: "server", platform: "backend", page_url: null, at: "2024-03-01T09:10:02Z", received_at: "2024-03-04T09:00:00Z", payload: purchase("o-pair", 100) }),
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
];

let graph: CompiledGraph;
let full: DuckDbEngine;
let batched: DuckDbEngine;
let runFailures: string[][];
let writtenIncrementally: string[];

beforeAll(async () => {
  graph = await compileProject(PROJECT_DIR, { vars: { incremental_lookback_days: "1", min_match_rate: "0", late_purchase_tolerance: "1" } });
  full = await DuckDbEngine.open(":memory:");
  await loadRaw(full, { events });
  expect(failures(await runProject(PROJECT_DIR, full, { graph, fullRefresh: true }))).toEqual([]);
  batched = await DuckDbEngine.open(":memory:");
  await loadRaw(batched, { events });
  const reports = await runInBatches(batched, graph, [FIRST_RUN_UNTIL]);
  runFailures = reports.map(failures);
  writtenIncrementally = reports[1].results.filter((result) => result.incremental).map((result) => result.name.split(".").at(-1)!).sort();
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
      "events_quarantine", "fct_events", "int_events_deduplicated", "int_events_sessionized", "int_events_stitched", "stg_events", "stg_events_parsed",
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
  });

  it("leaves every table equal to one full refresh", async () => {
    expect(await compareModelTables(full, batched)).toEqual([]);
  });
});
