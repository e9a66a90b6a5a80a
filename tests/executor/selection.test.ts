import { beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../scripts/dataform/compile.ts";
import type { CompiledGraph } from "../../scripts/dataform/graph.ts";
import { runOrder } from "../../scripts/dataform/actions.ts";
import { selectActions } from "../../scripts/dataform/select.ts";
import { fixtureProject } from "../fixtures/projects.ts";

const short = (names: Iterable<string>) => [...names].map((name) => name.split(".").slice(1).join(".")).sort();

describe("selecting actions as `dataform run` does", () => {
    let graph: CompiledGraph;
    beforeAll(async () => {
        graph = await compileProject(fixtureProject("graph"));
    });

    it("selects everything when nothing is named", () => {
        expect(selectActions(graph, {}).size).toBe(graph.tables!.length + graph.operations!.length + graph.assertions!.length);
    });

    it("takes bare names, schema.name and full names", () => {
        expect(short(selectActions(graph, { actions: ["stg_orders", "shop.customers", "fixture-project.shop.calendar"] }))).toEqual([
            "shop.calendar",
            "shop.customers",
            "shop.stg_orders",
        ]);
    });

    it("refuses a name that matches nothing", () => {
        expect(() => selectActions(graph, { actions: ["stg_ordrs"] })).toThrow(/no action named "stg_ordrs"/);
    });

    it("adds actions by tag; built-in assertions carry their table's tags", () => {
        expect(short(selectActions(graph, { tags: ["marts"] }))).toEqual([
            "shop.customer_totals",
            "shop.customers",
            "shop_assertions.shop_customer_totals_assertions_rowConditions",
            "shop_assertions.shop_customer_totals_assertions_uniqueKey_0",
        ]);
    });

    it("adds transitive dependencies with includeDeps", () => {
        expect(short(selectActions(graph, { actions: ["customer_count"], includeDeps: true }))).toEqual([
            "shop.customer_count",
            "shop.customers",
            "shop.stg_orders",
            "src.orders",
        ]);
    });

    it("adds transitive dependents with includeDependents, assertions included", () => {
        expect(short(selectActions(graph, { actions: ["assert_no_negative_amounts"], includeDependents: true }))).toEqual([
            "shop.after_check",
            "shop_assertions.assert_no_negative_amounts",
        ]);
    });

    it("orders the plan so dependencies run first", () => {
        const order = runOrder(graph, selectActions(graph, {})).map((action) => action.name.split(".").at(-1));
        expect(order.indexOf("orders")).toBeLessThan(order.indexOf("stg_orders"));
        expect(order.indexOf("stg_orders")).toBeLessThan(order.indexOf("customers"));
        expect(order.indexOf("customers")).toBeLessThan(order.indexOf("customer_count"));
        expect(order.indexOf("assert_no_negative_amounts")).toBeLessThan(order.indexOf("after_check"));
    });
});

describe("--actions wildcards and --exclude", () => {
    let graph: CompiledGraph;
    beforeAll(async () => {
        graph = await compileProject(fixtureProject("graph"));
    });

    it("matches `*` against bare names, and dotted patterns against schema.name", () => {
        expect(short(selectActions(graph, { actions: ["customer_*"] }))).toEqual(["shop.customer_count", "shop.customer_totals"]);
        expect(short(selectActions(graph, { actions: ["shop_assertions.*"] }))).toEqual([
            "shop_assertions.assert_no_negative_amounts",
            "shop_assertions.shop_customer_totals_assertions_rowConditions",
            "shop_assertions.shop_customer_totals_assertions_uniqueKey_0",
        ]);
    });

    it("refuses a wildcard that matches nothing, and suggests the nearest name for a typo", () => {
        expect(() => selectActions(graph, { actions: ["mart_*"] })).toThrow(/--actions: no action matches "mart_\*"/);
        expect(() => selectActions(graph, { actions: ["stg_ordrs"] })).toThrow(/did you mean fixture-project\.shop\.stg_orders\?/);
    });

    it("removes excluded actions after dependencies are added, from everything when nothing else is selected", () => {
        expect(short(selectActions(graph, { actions: ["customer_count"], includeDeps: true, exclude: ["src.*", "stg_orders"] }))).toEqual([
            "shop.customer_count",
            "shop.customers",
        ]);
        const all = selectActions(graph, {});
        const withoutAssertions = selectActions(graph, { exclude: ["*_assertions.*"] });
        expect(all.size - withoutAssertions.size).toBe(graph.assertions!.length);
    });
});
