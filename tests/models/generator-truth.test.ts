/**
 * The marts recover what the generator knows (truth.json) exactly: a small
 * generated data set, loaded like `npm run local -- load` and run like
 * `npm run local -- run`. Payloads that are not JSON are left out here (rate 0):
 * malformed-json.test.ts covers them on their own.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import { loadDirectory } from "../../scripts/tracking/load-local.ts";
import type { Row } from "../../scripts/engines/values.ts";
import { isRunProblem } from "../../scripts/dataform/execute.ts";
import { runProject, type RunReport } from "../../scripts/dataform/run-project.ts";
import { DEFAULT_RATES } from "../../scripts/tracking/generator/config.ts";
import { generate } from "../../scripts/tracking/generator/run.ts";
import type { Truth } from "../../scripts/tracking/generator/truth.ts";

const PROJECT_DIR = new URL("../../", import.meta.url).pathname;

let dir: string;
let engine: DuckDbEngine;
let report: RunReport;
let truth: Truth;

const rows = async (sql: string): Promise<Row[]> => (await engine.query(sql)).rows;
const byKey = (list: Row[], key: string, value: string) => Object.fromEntries(list.map((row) => [row[key], Number(row[value])]));

beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "marts-truth-"));
    await generate({ out: dir, days: 3, users: 300, seed: 7, start: "2024-03-01", rates: { ...DEFAULT_RATES, invalidPayload: 0 } });
    truth = JSON.parse(readFileSync(join(dir, "truth.json"), "utf8"));
    engine = await DuckDbEngine.open(":memory:");
    await loadDirectory(engine, dir, { replace: true });
    report = await runProject(PROJECT_DIR, engine, {});
});

afterAll(async () => {
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
});

describe("the marts on generated data equal truth.json", () => {
    it("runs every action of the graph, assertions included", () => {
        expect(report.results.filter(isRunProblem).map((result) => `${result.name}: ${result.error}`)).toEqual([]);
    });

    it("fct_orders: count and revenue in the reporting currency", async () => {
        const [orders] = await rows("select count(*) as orders, sum(revenue_reporting) as revenue from marts.fct_orders");
        expect(orders).toEqual({ orders: String(truth.fct_orders_count), revenue: truth.fct_orders_revenue_reporting });
    });

    it("sessions per date", async () => {
        const sessions = await rows("select session_date, count(*) as sessions from marts.fct_sessions group by session_date");
        expect(byKey(sessions, "session_date", "sessions")).toEqual(truth.sessions_by_date);
    });

    it("every raw row in one place per received date", async () => {
        const days = await rows("select * from marts.mart_data_quality_daily");
        const got = Object.fromEntries(
            days.map((day) => [
                day.date,
                {
                    raw: Number(day.raw_events),
                    kept: Number(day.kept_events),
                    quarantined: Number(day.quarantined_events),
                    duplicates: Number(day.duplicate_events),
                    consent_dropped: Number(day.consent_dropped_events),
                    bots: Number(day.bot_events),
                    late: Number(day.late_events),
                },
            ]),
        );
        expect(got).toEqual(truth.by_received_date);
    });

    it("quarantine by reason", async () => {
        const reasons = byKey(await rows("select reason, count(*) as n from staging.events_quarantine group by reason"), "reason", "n");
        const expected = Object.fromEntries(Object.entries(truth.quarantine_by_reason).filter(([, n]) => n > 0));
        expect(reasons).toEqual(expected);
    });

    it("identity map", async () => {
        const map = await rows("select anonymous_id, user_id from intermediate.int_identity_map");
        expect(Object.fromEntries(map.map((row) => [row.anonymous_id, row.user_id]))).toEqual(truth.identity);
    });

    it("kept events by name", async () => {
        expect(byKey(await rows("select event_name, count(*) as n from marts.fct_events group by event_name"), "event_name", "n")).toEqual(
            truth.kept_by_event_name,
        );
    });

    it("reconciliation", async () => {
        const [totals] = await rows(
            "select sum(backend_orders) as backend, sum(matched_orders) as matched, sum(missing_in_events) as missing_in_events, sum(missing_in_backend) as missing_in_backend from marts.mart_reconciliation_daily",
        );
        expect(totals).toEqual({
            backend: String(truth.backend_orders_count),
            matched: String(truth.reconciliation.matched),
            missing_in_events: String(truth.reconciliation.missing_in_events),
            missing_in_backend: String(truth.reconciliation.missing_in_backend),
        });
    });
});
