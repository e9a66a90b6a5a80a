/**
 * The customer, product, page and consent keys of truth.json (truth-marts.ts)
 * say what the files say: each counted back from the NDJSON by the
 * independent reading of reference.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RATES } from "../../scripts/tracking/generator/config.ts";
import { generate } from "../../scripts/tracking/generator/run.ts";
import { classify, type Dataset, type Json, readDataset, type Reference } from "./reference.ts";

let dir: string;
let data: Dataset;
let truth: Json;
let reference: Reference;

beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "generator-truth-marts-"));
    await generate({ days: 4, users: 300, seed: 19, start: "2024-03-01", rates: DEFAULT_RATES, out: dir });
    data = readDataset(dir);
    truth = data.truth;
    reference = classify(data);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const kept = () => reference.rows.filter((item) => item.outcome === "kept");
const tally = (keys: string[]) => {
    const counts: Record<string, number> = {};
    for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
    return counts;
};
const sortedKeys = (record: Record<string, number>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
const context = (item: { row: Json }) => JSON.parse(String(item.row.context)) as Json;

describe("customers", () => {
    it("one per user_key with kept rows, by the date of their first kept event", () => {
        const customers = truth.customers as { count: number; by_first_seen_date: Record<string, number> };
        expect(customers.count).toBe(reference.timelines.size);
        const firstDates = [...reference.timelines.values()].map((times) => new Date(times[0]! / 1000).toISOString().slice(0, 10));
        expect(customers.by_first_seen_date).toEqual(sortedKeys(tally(firstDates)));
    });

    it("the data horizon is the latest kept event time", () => {
        const latest = Math.max(...[...reference.timelines.values()].map((times) => times[times.length - 1]!));
        expect((truth.customers as { data_as_of: string }).data_as_of).toBe(new Date(latest / 1000).toISOString());
    });
});

describe("products and pages", () => {
    it("item views and add-to-carts per product from the kept rows' payloads", () => {
        const productOf = (payload: Json | null) => String(payload?.product_id ?? payload?.sku);
        const views = tally(
            kept()
                .filter((item) => item.canonical === "view_item")
                .map((item) => productOf(item.payload)),
        );
        const adds = tally(
            kept()
                .filter((item) => item.canonical === "add_to_cart")
                .map((item) => productOf(item.payload)),
        );
        const products = truth.products as Record<string, { item_views: number; add_to_carts: number }>;
        expect(
            Object.fromEntries(
                Object.entries(products)
                    .map(([id, p]) => [id, p.item_views])
                    .filter(([, n]) => n !== 0),
            ),
        ).toEqual(views);
        expect(
            Object.fromEntries(
                Object.entries(products)
                    .map(([id, p]) => [id, p.add_to_carts])
                    .filter(([, n]) => n !== 0),
            ),
        ).toEqual(adds);
    });

    it("units per product from the kept purchases' items, in either payload version", () => {
        const units: Record<string, number> = {};
        for (const item of kept().filter((row) => row.canonical === "purchase")) {
            const lines = (item.payload!.items ?? item.payload!.products ?? []) as Json[];
            for (const line of lines) {
                const id = String(line.product_id ?? line.sku);
                units[id] = (units[id] ?? 0) + Number(line.quantity ?? line.qty);
            }
        }
        const products = truth.products as Record<string, { units: number }>;
        expect(
            Object.fromEntries(
                Object.entries(products)
                    .map(([id, p]) => [id, p.units])
                    .filter(([, n]) => n !== 0),
            ),
        ).toEqual(units);
    });

    it("page views per URL path", () => {
        const paths = kept()
            .filter((item) => item.canonical === "page_view" && typeof context(item).page_url === "string")
            .map((item) => new URL(String(context(item).page_url)).pathname);
        expect(truth.page_views_by_path).toEqual(sortedKeys(tally(paths)));
    });
});

describe("consent", () => {
    it("refused rows are the consent-dropped rows; ads consent missing or false counts as refused", () => {
        const consent = truth.consent as { analytics_denied: number; ads_denied: number };
        expect(consent.analytics_denied).toBe(reference.counts.get("consent"));
        const adsDenied = reference.rows.filter((item) => {
            if (item.outcome !== "kept" && item.outcome !== "consent") return false;
            return item.row.consent === null || (JSON.parse(String(item.row.consent)) as Json).ads !== true;
        });
        expect(consent.ads_denied).toBe(adsDenied.length);
    });
});

describe("ad spend", () => {
    it("impressions and clicks are the sums over ad_spend.ndjson", () => {
        const spend = truth.ad_spend as { impressions: number; clicks: number };
        expect(spend.impressions).toBe(data.adSpend.reduce((sum, row) => sum + Number(row.impressions), 0));
        expect(spend.clicks).toBe(data.adSpend.reduce((sum, row) => sum + Number(row.clicks), 0));
    });
});
