/**
 * FX rates and ad spend carry no ingestion time: a rate that arrives after the
 * orders it converts (they used the closest earlier rate), or a corrected
 * spend row, must reach the incremental session, order and daily tables on
 * the next run, exactly where a full refresh would put them. docs/incremental.md.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../scripts/dataform/compile.ts";
import type { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import type { RunReport } from "../../scripts/dataform/run-project.ts";
import { runProject } from "../../scripts/dataform/run-project.ts";
import { DEFAULT_RATES } from "../../scripts/tracking/generator/config.ts";
import { generate } from "../../scripts/tracking/generator/run.ts";
import { compareModelTables, failures, loadGenerated, PROJECT_DIR } from "./harness.ts";

/** The first run holds the events received before this, no rates other than USD from 2024-03-01 on, and no spend from 2024-03-06 on. */
const CUTOFF = "2024-03-06 00:00:00+00";
/** Spend on days without traffic, so only their ad spend can make the second run touch them: 02-29 is corrected, 02-28 added. */
const spendRow = (date: string, spend: string) =>
    `(date '${date}', 'google', 'cpc', 'brand_search', 'Paid Search', 'USD', ${spend}, 1000, 40)`;
const SPEND_ONLY_DATES = ["2024-02-28", "2024-02-29"];

let dir: string;
let full: DuckDbEngine;
let batched: DuckDbEngine;
let reports: RunReport[];
let repricedOrders: { order_id: string; currency: string; order_date: string }[];
let personDates: string[];

beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "late-rates-"));
    await generate({ out: dir, days: 6, users: 150, seed: 11, start: "2024-03-01", rates: DEFAULT_RATES });
    const graph = await compileProject(PROJECT_DIR, {
        vars: { min_match_rate: "0", late_purchase_tolerance: "1", incremental_lookback_days: "1" },
    });

    full = await loadGenerated(dir);
    await full.execute(`insert into raw.ad_spend values ${spendRow("2024-02-28", "35")}, ${spendRow("2024-02-29", "80")}`);
    expect(failures(await runProject(PROJECT_DIR, full, { graph, fullRefresh: true }))).toEqual([]);

    batched = await loadGenerated(dir);
    await batched.execute(`insert into raw.ad_spend values ${spendRow("2024-02-28", "35")}, ${spendRow("2024-02-29", "80")}`);
    await batched.execute("create schema landing");
    for (const table of ["events", "fx_rates", "ad_spend"])
        await batched.execute(`create table landing.${table} as select * from raw.${table}`);
    await batched.execute(`delete from raw.events where received_at >= timestamp '${CUTOFF}'`);
    await batched.execute("delete from raw.fx_rates where rate_date >= date '2024-03-01' and currency != 'USD'");
    await batched.execute("delete from raw.ad_spend where spend_date >= date '2024-03-06' or spend_date = date '2024-02-28'");
    // a spend figure the ad platform corrects later
    await batched.execute("update raw.ad_spend set spend = 100 where spend_date = date '2024-02-29'");
    reports = [await runProject(PROJECT_DIR, batched, { graph, fullRefresh: true })];

    await batched.execute(`insert into raw.events select * from landing.events where received_at >= timestamp '${CUTOFF}'`);
    for (const table of ["fx_rates", "ad_spend"]) {
        await batched.execute(`delete from raw.${table} where true`);
        await batched.execute(`insert into raw.${table} select * from landing.${table}`);
    }
    reports.push(await runProject(PROJECT_DIR, batched, { graph, fullRefresh: false }));
    repricedOrders = (
        await batched.query(
            `select changes.order_id, orders.currency, cast(changes.order_date as string) as order_date
       from intermediate.int_order_revenue_changes as changes
       join marts.fct_orders as orders using (order_id)
       order by 1`,
        )
    ).rows as typeof repricedOrders;
    personDates = (
        await batched.query("select distinct cast(changed_date as string) as date from intermediate.int_person_changes order by 1")
    ).rows.map((row) => String(row.date));
});

afterAll(async () => {
    await full?.close();
    await batched?.close();
    rmSync(dir, { recursive: true, force: true });
});

describe("FX rates from 2024-03-01 on, and ad spend corrected or added, arriving after the orders and sessions were written", () => {
    it("runs every action in both runs", () => {
        expect(reports.map(failures)).toEqual([[], []]);
    });

    it("lists the orders the first run converted at February's rates, in currencies other than USD", () => {
        expect(repricedOrders.length).toBeGreaterThan(0);
        expect(repricedOrders.filter((order) => order.currency === "USD" || order.order_date >= "2024-03-06")).toEqual([]);
    });

    it("reprices orders on dates whose events did not change (lookback 1 day)", () => {
        expect(repricedOrders.filter((order) => !personDates.includes(order.order_date)).length).toBeGreaterThan(0);
    });

    it("has no events or orders on the days with spend only", () => {
        expect(personDates.filter((date) => SPEND_ONLY_DATES.includes(date))).toEqual([]);
        expect(repricedOrders.filter((order) => SPEND_ONLY_DATES.includes(order.order_date))).toEqual([]);
    });

    it("leaves every table equal to one full refresh", async () => {
        expect(await compareModelTables(full, batched)).toEqual([]);
    });
});
