import { describe, expect, it } from "vitest";
import { useExpressionOnExamples } from "./both-engines.ts";
import { requireInclude } from "./load.ts";

const tracking_plan = requireInclude("./tracking_plan.js") as typeof import("../../includes/tracking_plan.js");

/** Names as producers send them, and their canonical names (NULL: not in the tracking plan). */
const NAMES: [string, string | null][] = [
    ["Order Completed", "purchase"],
    ["order_completed", "purchase"],
    ["checkout_completed", "purchase"],
    ["  PURCHASE ", "purchase"],
    ["Product Viewed", "view_item"],
    ["Product Added", "add_to_cart"],
    ["Checkout Started", "begin_checkout"],
    // trimmed, lower-cased and each space turned into _ before aliasing
    ["  Checkout Started ", "begin_checkout"],
    ["Signed Up", "sign_up"],
    ["page", "page_view"],
    ["Page Viewed", "page_view"],
    ["page_view", "page_view"],
    ["Order  Completed", null],
    ["refund", null],
    ["", null],
    ["pageview", null],
];

/** The canonical name of every example, as stg_events_parsed computes it. */
const canonicalNames = useExpressionOnExamples(
    "canonical event names",
    tracking_plan.canonicalNameSql("event_name"),
    ["event_name"],
    NAMES.map(([sent]) => ({ event_name: sent })),
);

/** Whether each example names a purchase, as stg_events_parsed picks the purchases whose line items it checks. */
const purchaseNames = useExpressionOnExamples(
    "purchase names",
    tracking_plan.isEventSql("event_name", "purchase"),
    ["event_name"],
    [...NAMES.map(([sent]) => ({ event_name: sent })), {}],
);

describe("tracking_plan.canonicalNameSql on the ZetaSQL reference evaluator and on DuckDB", () => {
    it("gives the same names on both engines", () => {
        expect(canonicalNames().duckdb).toEqual(canonicalNames().zetasql);
    });

    it.each(NAMES.map(([sent, canonical], i) => [sent, canonical, i] as const))("maps %j to %s", (_sent, canonical, i) => {
        expect(canonicalNames().zetasql[i]).toBe(canonical);
    });
});

describe("tracking_plan.isEventSql on the ZetaSQL reference evaluator and on DuckDB", () => {
    it("is true exactly for the names canonicalNameSql maps to the event, false for NULL", () => {
        expect(purchaseNames().duckdb).toEqual(purchaseNames().zetasql);
        expect(purchaseNames().zetasql).toEqual([...NAMES.map(([, canonical]) => canonical === "purchase"), false]);
    });

    it("refuses an event the tracking plan does not have", () => {
        expect(() => tracking_plan.isEventSql("event_name", "refund")).toThrow(/no event "refund"/);
    });
});

describe("tracking_plan SQL", () => {
    it("puts every alias into the canonical-name CASE", () => {
        const caseSql = tracking_plan.canonicalNameSql("event_name");
        expect(caseSql).toContain("when 'order_completed' then 'purchase'");
        expect(caseSql).toContain("when 'page' then 'page_view'");
        expect(caseSql.match(/when '/g)).toHaveLength(14);
    });

    it("reads a property in the shape of the row's schema version", () => {
        expect(tracking_plan.propertySql("order_id", "p", "v")).toBe("if(v = 1, json_value(p, '$.orderId'), json_value(p, '$.order_id'))");
        expect(tracking_plan.propertySql("revenue", "p", "v")).toBe("if(v = 1, json_value(p, '$.value'), json_value(p, '$.revenue'))");
        expect(tracking_plan.propertySql("currency", "p", "v")).toBe("json_value(p, '$.currency')");
        expect(() => tracking_plan.propertySql("colour", "p", "v")).toThrow(/unknown property/);
    });

    it("requires order_id, currency and revenue of purchases and product_id of product events", () => {
        const missing = tracking_plan.missingRequiredSql("name", (p) => p);
        expect(missing).toContain("when 'purchase' then order_id is null or currency is null or revenue is null");
        expect(missing).toContain("when 'view_item' then product_id is null");
        expect(missing).toContain("when 'add_to_cart' then product_id is null");
        expect(missing).not.toContain("'page_view'");
        expect(missing).toContain("else false");
    });

    it("orders quarantine reasons as docs/data-contract.md, Semantics lists them and refuses a missing one", () => {
        const conditions = Object.fromEntries(tracking_plan.QUARANTINE_REASONS.map((reason, i) => [reason, `c${i}`]));
        const reasonSql = tracking_plan.firstReasonSql(conditions);
        const positions = tracking_plan.QUARANTINE_REASONS.map((reason) => reasonSql.indexOf(`'${reason}'`));
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        expect(tracking_plan.QUARANTINE_REASONS[0]).toBe("missing_event_id");
        expect(tracking_plan.QUARANTINE_REASONS.at(-1)).toBe("invalid_value");
        const { invalid_value: _dropped, ...incomplete } = conditions;
        expect(() => tracking_plan.firstReasonSql(incomplete)).toThrow(/missing reasons \[invalid_value\]/);
    });
});
