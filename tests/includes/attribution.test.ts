/**
 * The attribution models as the models run them: attribution.creditsUnionSql
 * (one creditSql share per model) and exactCreditSql (the NUMERIC credits
 * mart_attribution keeps) over touchpoints weighted as int_order_touchpoints
 * weighs them, evaluated on the ZetaSQL reference evaluator (BigQuery's
 * semantics) and, translated, on DuckDB.
 */
import { describe, expect, it } from "vitest";
import { useQueryOnBothEngines } from "./both-engines.ts";
import { requireInclude } from "./load.ts";

const attribution = requireInclude("./attribution.js") as typeof import("../../includes/attribution.js");

const HALF_LIFE_DAYS = 7;

/** Orders' touchpoints, first to last: channel and age in days (session start to order). */
const four: [string, number][] = [
    ["Email", 20],
    ["Direct", 10],
    ["Organic Search", 3],
    ["Direct", 0],
];
const ORDERS: Record<string, [string, number][]> = {
    four,
    three: four.slice(0, 3),
    two: four.slice(0, 2),
    one: four.slice(0, 1),
    all_direct: [
        ["Direct", 2],
        ["Direct", 1],
    ],
    decay: [
        ["Email", 14],
        ["Direct", 7],
        ["Referral", 0],
    ],
};

const touchpoints = Object.entries(ORDERS).flatMap(([order, touches]) =>
    touches.map(
        ([channel, ageDays], i) =>
            `struct('purchase' as conversion, '${order}' as order_id, ${i + 1} as touch_index, '${channel}' as channel, ${ageDays * 86400} as age_seconds)`,
    ),
);

/** The touchpoint columns the credits read, computed as int_order_touchpoints does, then every model's credits. */
const QUERY = `with

touchpoints as (
    select * from unnest([
        ${touchpoints.join(",\n        ")}
    ])
),

positioned as (
    select
        *,
        count(*) over (partition by order_id) as touch_count,
        ${attribution.decayWeightSql("age_seconds - min(age_seconds) over (partition by order_id)", HALF_LIFE_DAYS)} as decay_weight
    from touchpoints
),

weighted as (
    select
        *,
        max(if(channel != 'Direct', touch_index, null)) over (partition by order_id) as last_non_direct_index,
        sum(decay_weight) over (partition by order_id) as decay_weight_total
    from positioned
),

credited as (
    ${attribution.creditsUnionSql(["conversion", "order_id as conversion_id", "order_id", "touch_index", "touch_count"], "weighted")}
)

select order_id, model, touch_index, ${attribution.exactCreditSql()} as credit
from credited
order by order_id, model, touch_index`;

const results = useQueryOnBothEngines("attribution", QUERY);

/** The NUMERIC credits of one order under one model, first touchpoint first, as the reference evaluator computed them. */
function credits(model: string, order: string): string[] {
    return results()
        .zetasql.rows.filter((row) => row.model === model && row.order_id === order)
        .map((row) => String(row.credit));
}

/** A NUMERIC text in billionths, exactly. */
const billionths = (text: string): bigint => {
    const [whole, fraction = ""] = text.split(".");
    return BigInt(whole!) * 1_000_000_000n + BigInt(fraction.padEnd(9, "0"));
};

describe("attribution credits on the ZetaSQL reference evaluator and on DuckDB", () => {
    it("gives the same credits on both engines", () => {
        expect(results().duckdb).toEqual(results().zetasql);
    });

    it("gives first and last touch everything", () => {
        expect(credits("first_touch", "four")).toEqual(["1", "0", "0", "0"]);
        expect(credits("last_touch", "four")).toEqual(["0", "0", "0", "1"]);
    });

    it("skips Direct touchpoints for last_non_direct, and falls back to the last when all are Direct", () => {
        expect(credits("last_non_direct", "four")).toEqual(["0", "0", "1", "0"]);
        expect(credits("last_non_direct", "all_direct")).toEqual(["0", "1"]);
    });

    it("splits linear evenly, the last touchpoint taking the rounding remainder", () => {
        expect(credits("linear", "four")).toEqual(["0.25", "0.25", "0.25", "0.25"]);
        expect(credits("linear", "three")).toEqual(["0.333333333", "0.333333333", "0.333333334"]);
    });

    it("gives position_based 40/20/40, 50/50 with two, 100 with one", () => {
        expect(credits("position_based", "four")).toEqual(["0.4", "0.1", "0.1", "0.4"]);
        expect(credits("position_based", "two")).toEqual(["0.5", "0.5"]);
        expect(credits("position_based", "one")).toEqual(["1"]);
    });

    it("halves the time_decay weight every half-life (weights 1/4, 1/2 and 1 of 7/4, rounded to 9 decimals)", () => {
        expect(credits("time_decay", "decay")).toEqual(["0.142857143", "0.285714286", "0.571428571"]);
    });

    it.each(attribution.MODELS)("%s credits sum to exactly 1", (model) => {
        for (const order of Object.keys(ORDERS)) {
            expect(
                credits(model, order)
                    .map(billionths)
                    .reduce((a, b) => a + b, 0n),
            ).toBe(1_000_000_000n);
        }
    });
});

describe("attribution SQL", () => {
    it("has one credit expression per model and refuses unknown ones", () => {
        expect(attribution.MODELS).toEqual(["first_touch", "last_touch", "last_non_direct", "linear", "position_based", "time_decay"]);
        expect(() => attribution.creditSql("data_driven")).toThrow(/unknown model/);
    });

    it("lists the models as rows", () => {
        expect(attribution.modelsSql().match(/union all/g)).toHaveLength(attribution.MODELS.length - 1);
        for (const model of attribution.MODELS) expect(attribution.modelsSql()).toContain(`select '${model}' as model`);
    });
});
