import { describe, expect, it } from "vitest";
import { useScenario } from "./harness.ts";
import { attribution } from "./scenarios.ts";

/** time_decay credits of three touchpoints: weights relative to the latest touchpoint, in billionths (NUMERIC), shares rounded to billionths, the last takes the remainder. */
function decayCredits(starts: string[]): string[] {
    const weights = starts.map((start) => Math.round(2 ** (-(Date.parse(starts[2]!) - Date.parse(start)) / 86_400_000 / 7) * 1e9));
    const shares = weights.map((weight) => Math.round((weight / weights.reduce((a, b) => a + b, 0)) * 1e9));
    return [shares[0]!, shares[1]!, 1e9 - shares[0]! - shares[1]!].map((billionths) => String(billionths / 1e9));
}
const decay = decayCredits(["2024-02-20T10:00:00Z", "2024-02-27T12:00:00Z", "2024-03-01T11:00:00Z"]);

const scenario = useScenario(attribution.raw);

async function credits(model: string): Promise<string[]> {
    const rows = await scenario().rows(
        `select credit from marts.mart_attribution where order_id = 'o-att' and model = '${model}' order by touch_index`,
    );
    return rows.map((row) => String(row.credit));
}

describe("attribution", () => {
    it("takes the sessions of the lookback window up to the converting one as touchpoints", async () => {
        const rows = await scenario().rows(
            "select session_id, channel, touch_index, touch_count from marts.mart_attribution where order_id = 'o-att' and model = 'linear' order by touch_index",
        );
        expect(rows).toEqual([
            { session_id: "s1", channel: "Email", touch_index: "1", touch_count: "3" },
            { session_id: "s2", channel: "Paid Search", touch_index: "2", touch_count: "3" },
            { session_id: "s3", channel: "Direct", touch_index: "3", touch_count: "3" },
        ]);
    });

    it.each([
        ["first_touch", ["1", "0", "0"]],
        ["last_touch", ["0", "0", "1"]],
        ["last_non_direct", ["0", "1", "0"]],
        ["linear", ["0.333333333", "0.333333333", "0.333333334"]],
        ["position_based", ["0.4", "0.2", "0.4"]],
        ["time_decay", decay],
    ])("%s gives NUMERIC credits %j that sum to exactly 1", async (model, expected) => {
        expect(await credits(model as string)).toEqual(expected);
    });

    it("attributes revenue as credit x order revenue", async () => {
        const rows = await scenario().rows(
            "select session_id, attributed_revenue from marts.mart_attribution where order_id = 'o-att' and model = 'position_based' order by touch_index",
        );
        expect(rows).toEqual([
            { session_id: "s1", attributed_revenue: "40" },
            { session_id: "s2", attributed_revenue: "20" },
            { session_id: "s3", attributed_revenue: "40" },
        ]);
    });

    it.each([
        ["first_touch", ["1", "0", "0"]],
        ["last_touch", ["0", "0", "1"]],
        ["last_non_direct", ["0", "1", "0"]],
        ["linear", ["0.333333333", "0.333333333", "0.333333334"]],
        ["position_based", ["0.4", "0.2", "0.4"]],
        ["time_decay", decayCredits(["2024-02-26T09:00:00Z", "2024-02-28T09:00:00Z", "2024-03-01T09:30:00Z"])],
    ])("credits a sign_up's touchpoints under %s as an order's: %j", async (model, expected) => {
        const rows = await scenario().rows(
            `select conversion_date, order_id, order_date, session_id, channel, credit, value, attributed_value, revenue_reporting, attributed_revenue
             from marts.mart_attribution where conversion = 'sign_up' and conversion_id = 'g3-signup' and model = '${model}' order by touch_index`,
        );
        expect(rows.map((row) => String(row.credit))).toEqual(expected);
        expect(rows.map((row) => `${row.session_id}: ${row.channel}`)).toEqual(["g1: Paid Search", "g2: Email", "g3: Direct"]);
        // a sign_up has no value and no order
        for (const row of rows) {
            expect(row).toMatchObject({
                conversion_date: "2024-03-01",
                order_id: null,
                order_date: null,
                value: "0",
                attributed_value: "0",
                revenue_reporting: null,
                attributed_revenue: null,
            });
        }
    });

    it("credits every conversion exactly 1 per model, purchases keyed by their order", async () => {
        const rows = await scenario().rows(
            `select conversion, conversion_id, order_id, count(*) as touchpoints, sum(credit) as credit
             from marts.mart_attribution group by conversion, conversion_id, order_id, model
             order by conversion, conversion_id`,
        );
        // six models each; s1-signup has one touchpoint (s0 is outside the lookback)
        expect([...new Set(rows.map((row) => `${row.conversion} ${row.conversion_id} ${row.order_id}: ${row.touchpoints}`))]).toEqual([
            "purchase o-att o-att: 3",
            "purchase o-noads o-noads: 1",
            "sign_up g3-signup null: 3",
            "sign_up s1-signup null: 1",
        ]);
        expect(rows).toHaveLength(4 * 6);
        expect(new Set(rows.map((row) => String(row.credit)))).toEqual(new Set(["1"]));
    });

    it("keeps the purchases' rows: every order touchpoint under every model, value = revenue", async () => {
        const [counts] = await scenario().rows(
            `select
                (select count(*) from marts.mart_attribution where conversion = 'purchase') as purchase_rows,
                (select 6 * count(*) from intermediate.int_order_touchpoints) as order_rows,
                (select countif(value != revenue_reporting or attributed_value != attributed_revenue) from marts.mart_attribution where conversion = 'purchase') as differing`,
        );
        expect(counts).toEqual({ purchase_rows: "24", order_rows: "24", differing: "0" });
    });

    it("sets spend beside conversions by date and channel, in the reporting currency", async () => {
        // Paid Search on 2024-03-01: o-noads (one touchpoint, 10 USD) under every model, o-att (100 USD) under last_non_direct;
        // 50 EUR of spend at the 2024-02-28 rate of 1.1, sent as channel " paid search"
        const rows = await scenario().rows(
            "select model, conversions, attributed_revenue, spend, cpa from marts.mart_attribution_daily where channel = 'Paid Search' and model in ('first_touch', 'last_non_direct') order by model",
        );
        expect(rows).toEqual([
            { model: "first_touch", conversions: "1", attributed_revenue: "10", spend: "55", cpa: "55" },
            { model: "last_non_direct", conversions: "2", attributed_revenue: "110", spend: "55", cpa: "27.5" },
        ]);
        const [roas] = await scenario().rows(
            "select roas from marts.mart_attribution_daily where channel = 'Paid Search' and model = 'last_non_direct'",
        );
        expect(roas!.roas).toBeCloseTo(110 / 55, 12);
    });

    it("keeps a channel with spend and no conversions under every model, with no CPA", async () => {
        const rows = await scenario().rows(
            "select model, conversions, attributed_revenue, spend, roas, cpa from marts.mart_attribution_daily where channel = 'Display' order by model",
        );
        expect(rows).toEqual(
            ["first_touch", "last_non_direct", "last_touch", "linear", "position_based", "time_decay"].map((model) => ({
                model,
                conversions: "0",
                attributed_revenue: "0",
                spend: "20",
                roas: 0,
                cpa: null,
            })),
        );
    });
});

describe("ad conversions export", () => {
    it("exports orders with ads consent and a clicked touchpoint, with the most recent click id as sent and the hashed e-mail", async () => {
        const rows = await scenario().rows(
            "select order_id, conversion_at, click_id, click_id_type, value, currency, email_sha256 from marts.export_ad_conversions",
        );
        expect(rows).toEqual([
            {
                order_id: "o-att",
                conversion_at: "2024-03-01T11:20:00.000000Z",
                click_id: "Gc-1AbC",
                click_id_type: "gclid",
                value: "100",
                currency: "USD",
                email_sha256: "29c120ecfe5ae22c3e674ea604ae4342411905a3ed97bd7fddc16f3ad9f566d6",
            },
        ]);
    });
});
