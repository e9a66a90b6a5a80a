import { describe, expect, it } from "vitest";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import { runProject } from "../../scripts/dataform/run-project.ts";
import { fixtureProject } from "../fixtures/projects.ts";

// 300,000 rows in day order: about three of DuckDB's row groups (122,880 rows), each covering a span of days.
const EVENTS =
    "create schema raw; create table raw.events as select i, date_add(date '2024-01-01', interval div(i, 1000) day) as day from unnest(generate_array(0, 299999)) as i";

describe("the DuckDB engine's profile of what statements read", () => {
    it("counts the rows each table scan read, and reads fewer where a filter skips row groups", async () => {
        const engine = await DuckDbEngine.open(":memory:", "write", { profile: true });
        try {
            await engine.execute(EVENTS);
            engine.takeTableReads!();
            await engine.query("select count(*) as n from raw.events");
            expect(engine.takeTableReads!()).toEqual([{ table: "raw.events", rows: 300000 }]);
            await engine.query("select count(*) as n from raw.events where day = date '2024-01-02'");
            const [filtered] = engine.takeTableReads!();
            expect(filtered.table).toBe("raw.events");
            expect(filtered.rows).toBeGreaterThanOrEqual(1000);
            expect(filtered.rows).toBeLessThan(300000);
            expect(engine.takeTableReads!()).toEqual([]);
        } finally {
            await engine.close();
        }
    });

    it("reads a table once for a script variable's default, which the cast to its type names several times", async () => {
        const engine = await DuckDbEngine.open(":memory:", "write", { profile: true });
        try {
            await engine.execute(EVENTS);
            await engine.endScript();
            engine.takeTableReads!();
            // max over a computed value: DuckDB cannot answer it from row-group statistics, so the scan reads rows
            await engine.execute(
                "declare last_day date default (select max(date_add(day, interval 1 day)) from raw.events); select 1 as x",
            );
            expect(engine.takeTableReads!()).toEqual([{ table: "raw.events", rows: 300000 }]);
        } finally {
            await engine.close();
        }
    });

    it("has no profile unless asked", async () => {
        const engine = await DuckDbEngine.open(":memory:");
        expect(engine.takeTableReads).toBeUndefined();
        await engine.close();
    });

    it("gives each action of a run the rows it read from each table, the engine's scratch tables left out", async () => {
        const engine = await DuckDbEngine.open(":memory:", "write", { profile: true });
        try {
            const { results } = await runProject(fixtureProject("graph"), engine, {});
            const read = (name: string) => results.find((result) => result.name.endsWith(`.${name}`))?.reads;
            const customers = Number((await engine.query("select count(*) as n from shop.customers")).rows[0].n);
            expect(read("customer_count")).toEqual([{ table: "shop.customers", rows: customers }]);
            expect(results.every((result) => result.status !== "succeeded" || Array.isArray(result.reads))).toBe(true);
            expect(results.flatMap((result) => result.reads ?? []).some((read) => read.table.includes("__dataform_"))).toBe(false);
        } finally {
            await engine.close();
        }
    });
});
