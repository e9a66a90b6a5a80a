/**
 * This repository's pages of the report: data health (where every raw
 * event went, quarantine reasons, assertions, freshness) and the marts
 * (conversions and revenue by channel, the funnel, attributed revenue and
 * ROAS, reconciliation). BigQuery SQL through the Engine interface.
 */
import type { CompiledGraph } from "../dataform/graph.ts";
import type { RunRecord } from "../dataform/run-log.ts";
import type { Engine } from "../engines/engine.ts";
import type { Row } from "../engines/values.ts";
import { columnsAsSeries, pivot, type ReportPage } from "../report/model.ts";
import { rawDataset } from "./raw-tables.ts";

export async function trackingPages(engine: Engine, graph: CompiledGraph, run: RunRecord | undefined): Promise<ReportPage[]> {
    const vars = graph.projectConfig.vars ?? {};
    const marts = vars.marts_dataset || "marts";
    const staging = vars.staging_dataset || "staging";
    const raw = rawDataset(graph);
    const rows = async (sql: string): Promise<Row[]> => (await engine.query(sql)).rows;
    return [await healthPage(rows, { marts, staging, raw }, run), await martsPage(rows, marts)];
}

type Rows = (sql: string) => Promise<Row[]>;

async function healthPage(
    rows: Rows,
    datasets: { marts: string; staging: string; raw: string },
    run: RunRecord | undefined,
): Promise<ReportPage> {
    const { marts, staging, raw } = datasets;
    const quality = await rows(
        `select cast(date as string) as date, kept_events, quarantined_events, duplicate_events, consent_dropped_events, bot_events, raw_events
         from ${marts}.mart_data_quality_daily order by date`,
    );
    const reasons = await rows(
        `select cast(date(received_at) as string) as date, reason, count(*) as events from ${staging}.events_quarantine group by 1, 2 order by 1, 2`,
    );
    const totals = await rows(
        `select reason, count(*) as events from ${staging}.events_quarantine group by reason order by events desc, reason`,
    );
    const freshness = await rows(
        `select 'raw.events: latest received_at' as what, cast(max(received_at) as string) as value from ${raw}.events
         union all select '${marts}.fct_events: latest event_date', cast(max(event_date) as string) from ${marts}.fct_events
         union all select '${marts}.mart_daily_conversions: latest date', cast(max(date) as string) from ${marts}.mart_daily_conversions
         union all select '${marts}.mart_reconciliation_daily: latest date', cast(max(date) as string) from ${marts}.mart_reconciliation_daily`,
    );
    const assertions = (run?.actions ?? []).filter((action) => action.kind === "assertion");
    const balance = quality.map(
        (row) =>
            Number(row.raw_events) -
            ["kept_events", "quarantined_events", "duplicate_events", "consent_dropped_events", "bot_events"].reduce(
                (sum, column) => sum + Number(row[column]),
                0,
            ),
    );
    return {
        id: "health",
        title: "Data health",
        intro: `Every raw event ends in exactly one place: raw = kept + quarantined + duplicates + consent-dropped + bots, per received date (${balance.every((difference) => difference === 0) ? "balanced on every day" : `NOT balanced on ${balance.filter((difference) => difference !== 0).length} day(s)`}).`,
        charts: [
            {
                id: "raw-events",
                title: "Where the raw events went, per received date",
                kind: "stacked-bar",
                ...columnsAsSeries(quality, "date", [
                    { column: "kept_events", label: "kept" },
                    { column: "quarantined_events", label: "quarantined" },
                    { column: "duplicate_events", label: "duplicates" },
                    { column: "consent_dropped_events", label: "consent-dropped" },
                    { column: "bot_events", label: "bots" },
                ]),
            },
            {
                id: "quarantine-reasons",
                title: "Quarantined events by reason, per received date",
                kind: "stacked-bar",
                ...pivot(reasons, "date", "reason", "events"),
            },
        ],
        tables: [
            {
                id: "quarantine",
                title: "Quarantine reasons",
                columns: ["reason", "events"],
                rows: totals.map((row) => [String(row.reason), Number(row.events)]),
            },
            {
                id: "assertions",
                title: run
                    ? `Assertions in the last run (${assertions.filter((action) => action.status === "succeeded").length} of ${assertions.length} passed)`
                    : "Assertions (no run recorded)",
                columns: ["assertion", "status", "seconds", "error"],
                rows: assertions.map((action) => [action.name.split(".").slice(-2).join("."), action.status, action.seconds, action.error]),
            },
            {
                id: "freshness",
                title: "Freshness",
                columns: ["what", "value"],
                rows: [
                    ...freshness.map((row) => [String(row.what), row.value === null ? null : String(row.value)]),
                    ["last run started", run?.startedAt ?? null],
                ],
            },
        ],
    };
}

async function martsPage(rows: Rows, marts: string): Promise<ReportPage> {
    const daily = await rows(
        `select cast(date as string) as date, channel, orders, revenue from ${marts}.mart_daily_conversions order by date, channel`,
    );
    const funnel = await rows(
        `select step_index, step_name, sum(sessions) as sessions from ${marts}.mart_funnel_daily group by step_index, step_name order by step_index`,
    );
    const attribution = await rows(
        `select model, channel, sum(attributed_revenue) as attributed_revenue, sum(spend) as spend,
                safe_divide(cast(sum(attributed_revenue) as float64), cast(sum(spend) as float64)) as roas
         from ${marts}.mart_attribution_daily group by model, channel order by model, channel`,
    );
    const reconciliation = await rows(
        `select cast(date as string) as date, backend_orders, event_orders, matched_orders, match_rate, revenue_delta
         from ${marts}.mart_reconciliation_daily order by date`,
    );
    const counts = columnsAsSeries(reconciliation, "date", [
        { column: "backend_orders", label: "backend orders" },
        { column: "event_orders", label: "event orders" },
        { column: "matched_orders", label: "matched" },
    ]);
    const matchRate = columnsAsSeries(reconciliation, "date", [{ column: "match_rate", label: "match rate" }]);
    return {
        id: "marts",
        title: "Marts",
        intro: `Charts of ${marts}; money in the reporting currency.`,
        charts: [
            {
                id: "daily-orders",
                title: "Orders per day by channel (session-scoped)",
                kind: "stacked-bar",
                ...pivot(daily, "date", "channel", "orders"),
            },
            {
                id: "daily-revenue",
                title: "Revenue per day by channel",
                kind: "stacked-bar",
                ...pivot(daily, "date", "channel", "revenue"),
            },
            {
                id: "funnel",
                title: "Funnel: sessions reaching each step (all days)",
                kind: "bar",
                ...columnsAsSeries(
                    funnel.map((row) => ({ ...row, step: `${row.step_index}. ${row.step_name}` })),
                    "step",
                    [{ column: "sessions", label: "sessions" }],
                ),
            },
            {
                id: "attributed-revenue",
                title: "Attributed revenue by model and channel",
                kind: "bar",
                ...pivot(attribution, "channel", "model", "attributed_revenue"),
            },
            {
                id: "roas",
                title: "ROAS by channel and model (attributed revenue / spend)",
                kind: "bar",
                ...pivot(attribution, "channel", "model", "roas"),
                note: "Channels without spend have no ROAS.",
            },
            {
                id: "reconciliation",
                title: "Reconciliation with the order database (bars: orders; line: match rate, right axis)",
                kind: "bar",
                labels: counts.labels,
                series: [...counts.series, { ...matchRate.series[0], type: "line", axis: "right" }],
            },
        ],
        tables: [],
    };
}
