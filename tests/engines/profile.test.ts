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
            expect(engine.takeTableReads!()).toEqual([{ table: "raw.events", rows: 300000, columns: {} }]);
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
            expect(engine.takeTableReads!()).toEqual([{ table: "raw.events", rows: 300000, columns: { day: 300000 } }]);
        } finally {
            await engine.close();
        }
    });

    it("estimates the bytes BigQuery bills: each column read, once per statement, at its logical size", async () => {
        const engine = await DuckDbEngine.open(":memory:", "write", { profile: true });
        const readsOf = async (...statements: string[]) => {
            engine.takeTableReads!();
            for (const statement of statements) await engine.query(statement);
            const reads = engine.takeTableReads!();
            await engine.estimateReadBytes!(reads);
            return reads.map(({ table, columns, bytes }) => ({ table, columns, bytes }));
        };
        try {
            // 1,000 rows: an INT64; a STRING of two bytes on even rows, NULL on odd ones; 'é' (two UTF-8 bytes); a JSON
            // text of 7 bytes; an ARRAY of two INT64; a STRUCT of an INT64 and a three-letter STRING.
            await engine.execute(
                `create schema raw; create table raw.t as select i, if(mod(i, 2) = 0, 'ab', null) as s, 'é' as u,
                   parse_json('{"a":1}') as j, [1, 2] as a, struct(i as n, 'xyz' as w) as r
                 from unnest(generate_array(0, 999)) as i`,
            );
            expect(await readsOf("select sum(i) as x from raw.t")).toEqual([{ table: "raw.t", columns: { i: 1000 }, bytes: 8000 }]);
            // A filter's column is read; NULLs cost nothing; the quoted 'u' is no column.
            expect(await readsOf("select count(*) as x from raw.t where s <> 'u'")).toEqual([
                { table: "raw.t", columns: { s: 1000 }, bytes: 500 * (2 + 2) },
            ]);
            expect(await readsOf("select max(u) as x, max(json_value(j, '$.a')) as y from raw.t")).toEqual([
                { table: "raw.t", columns: { u: 1000, j: 1000 }, bytes: 1000 * (2 + 2) + 1000 * 7 },
            ]);
            expect((await readsOf("select sum(array_length(a)) as x, max(r.w) as y from raw.t"))[0]!.bytes).toBe(
                1000 * 16 + 1000 * (8 + 5),
            );
            // Read twice in one statement, billed once; in two statements, twice.
            expect(await readsOf("select count(*) as x from raw.t as l join raw.t as r using (i)")).toEqual([
                { table: "raw.t", columns: { i: 1000 }, bytes: 8000 },
            ]);
            expect(await readsOf("select sum(i) as x from raw.t", "select sum(i) as x from raw.t")).toEqual([
                { table: "raw.t", columns: { i: 2000 }, bytes: 16000 },
            ]);
            expect(await readsOf("select count(*) as x from raw.t")).toEqual([{ table: "raw.t", columns: {}, bytes: 0 }]);
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
            expect(read("customer_count")).toEqual([{ table: "shop.customers", rows: customers, columns: {} }]);
            expect(results.every((result) => result.status !== "succeeded" || Array.isArray(result.reads))).toBe(true);
            expect(results.flatMap((result) => result.reads ?? []).some((read) => read.table.includes("__dataform_"))).toBe(false);
        } finally {
            await engine.close();
        }
    });
});
