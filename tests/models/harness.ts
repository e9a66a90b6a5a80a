/**
 * Scenario fixtures for the models: small hand-written raw rows in, the whole
 * Dataform graph run on an in-memory DuckDB warehouse (the lead's executor
 * and engine, as `npm run local -- run` uses them), mart rows out.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { RAW_TABLES } from "../../scripts/contract/raw-tables.ts";
import { compileProject } from "../../scripts/dataform/compile.ts";
import type { CompiledGraph } from "../../scripts/dataform/graph.ts";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import type { Row, SqlValue } from "../../scripts/engines/values.ts";
import { runProject, type RunReport } from "../../scripts/executor/run-project.ts";

const PROJECT_DIR = fileURLToPath(new URL("../../", import.meta.url));

export type RawTableName = "events" | "orders" | "ad_spend" | "fx_rates" | "products";
export type RawRows = Partial<Record<RawTableName, Row[]>>;

const graphs = new Map<string, Promise<CompiledGraph>>();

/** The compiled graph for a set of vars, compiled once per test file. */
function graphFor(vars: Record<string, string>): Promise<CompiledGraph> {
  const key = JSON.stringify(vars);
  let graph = graphs.get(key);
  if (!graph) {
    graph = compileProject(PROJECT_DIR, { vars });
    graphs.set(key, graph);
  }
  return graph;
}

export interface Scenario {
  report: RunReport;
  /** Runs BigQuery SQL (dataset.table names) on the scenario's warehouse. */
  rows(sql: string): Promise<Row[]>;
  /** Names of the actions that did not succeed, with their errors. */
  failures(): string[];
  close(): Promise<void>;
}

/** Loads the raw rows (missing tables empty, missing columns NULL) and runs the whole graph. */
export async function runScenario(raw: RawRows, vars: Record<string, string> = {}): Promise<Scenario> {
  const engine = await DuckDbEngine.open(":memory:");
  for (const table of RAW_TABLES) {
    await engine.loadRows({ schema: "raw", name: table.name }, table.columns, raw[table.name as RawTableName] ?? []);
  }
  const report = await runProject(PROJECT_DIR, engine, { vars, graph: await graphFor(vars) });
  return {
    report,
    rows: async (sql) => (await engine.query(sql)).rows,
    failures: () => report.results.filter((result) => result.status !== "succeeded").map((result) => `${result.name}: ${result.status} ${result.error ?? ""}`),
    close: () => engine.close(),
  };
}

/**
 * Runs the scenario once for the surrounding describe block (closing it after),
 * adds the test that every action, assertions included, succeeded, and returns
 * a getter for the scenario.
 */
export function useScenario(raw: RawRows, vars: Record<string, string> = {}): () => Scenario {
  let scenario: Scenario | undefined;
  beforeAll(async () => {
    scenario = await runScenario(raw, vars);
  });
  afterAll(async () => {
    await scenario?.close();
  });
  const get = () => {
    if (!scenario) throw new Error("the scenario did not run");
    return scenario;
  };
  it("runs every action of the graph, assertions included", () => {
    expect(get().failures()).toEqual([]);
  });
  return get;
}

let eventCounter = 0;

/** The JSON text of a value, or null. */
const json = (value: unknown): SqlValue => (value === null || value === undefined ? null : JSON.stringify(value));

export interface EventInput {
  event_id?: string | null;
  event_name?: string;
  /** event_timestamp as sent; defaults to `at` in RFC 3339. */
  event_timestamp?: string | null;
  /** When it happened and (unless received_at is given) when it arrived, ISO UTC. */
  at?: string;
  received_at?: string;
  user_id?: string | null;
  anonymous_id?: string | null;
  source?: string;
  platform?: string;
  schema_version?: number;
  consent?: { analytics?: boolean; ads?: boolean } | null | string;
  page_url?: string | null;
  referrer?: string | null;
  user_agent?: string;
  ip?: string | null;
  /** JSON payload object, or a raw string to send as is. */
  payload?: Record<string, unknown> | string | null;
}

/** A raw.events row with sensible defaults: a consented browser page_view of anonymous device a1. */
export function event(input: EventInput = {}): Row {
  eventCounter += 1;
  const at = input.at ?? "2024-03-01T10:00:00Z";
  return {
    event_id: input.event_id === undefined ? `e${String(eventCounter).padStart(5, "0")}` : input.event_id,
    event_name: input.event_name ?? "page_view",
    event_timestamp: input.event_timestamp === undefined ? at : input.event_timestamp,
    received_at: input.received_at ?? at,
    user_id: input.user_id ?? null,
    anonymous_id: input.anonymous_id === undefined ? "a1" : input.anonymous_id,
    source: input.source ?? "browser",
    platform: input.platform ?? "web",
    schema_version: String(input.schema_version ?? 2),
    consent: typeof input.consent === "string" ? input.consent : json(input.consent === undefined ? { analytics: true, ads: true } : input.consent),
    context: json({
      page_url: input.page_url === undefined ? "https://shop.example.com/" : input.page_url,
      page_referrer: input.referrer ?? null,
      user_agent: input.user_agent ?? "Mozilla/5.0 (X11; Linux x86_64) Firefox/124.0",
      ip: input.ip === undefined ? "203.0.113.7" : input.ip,
      locale: "en-US",
    }),
    payload: typeof input.payload === "string" ? input.payload : json(input.payload === undefined ? {} : input.payload),
  };
}

/** A version 2 purchase payload. */
export function purchase(orderId: string, revenue: number, currency = "USD", items: { product_id: string; quantity: number; item_revenue: number }[] = []): Record<string, unknown> {
  return { order_id: orderId, currency, revenue, tax: 0, shipping: 0, items };
}

/** A raw.orders row. */
export function order(orderId: string, createdAt: string, revenue: string, options: { status?: string; currency?: string; user_id?: string } = {}): Row {
  return {
    order_id: orderId,
    user_id: options.user_id ?? null,
    created_at: createdAt,
    status: options.status ?? "completed",
    currency: options.currency ?? "USD",
    revenue,
    tax: "0",
    shipping: "0",
    updated_at: createdAt,
  };
}

/** A raw.fx_rates row. */
export function rate(rateDate: string, currency: string, usdRate: string): Row {
  return { rate_date: rateDate, currency, usd_rate: usdRate };
}
