import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZetaSql } from "../../scripts/engines/zetasql/index.ts";
import { compareRows, compareWarehouses } from "./compare.ts";
import { openPair, type EnginePair } from "./harness.ts";

describe("compareRows", () => {
    it("ignores row order but counts duplicates", () => {
        expect(compareRows([{ a: "1" }, { a: "2" }], [{ a: "2" }, { a: "1" }])).toBeUndefined();
        expect(compareRows([{ a: "1" }, { a: "1" }], [{ a: "1" }])).toMatch(/2 rows on duckdb, 1 on zetasql/);
    });

    it("compares NUMERIC, INT64 and timestamps exactly, and floats to 12 digits", () => {
        expect(compareRows([{ n: "0.000000001" }], [{ n: "0" }])).toMatch(/column n/);
        expect(compareRows([{ t: "2024-01-01T00:00:00.000001Z" }], [{ t: "2024-01-01T00:00:00.000000Z" }])).toMatch(/column t/);
        expect(compareRows([{ i: "9007199254740993" }], [{ i: "9007199254740992" }])).toMatch(/column i/);
        expect(compareRows([{ f: 0.1 + 0.2 }], [{ f: 0.3 }])).toBeUndefined();
        expect(compareRows([{ f: 0.3001 }], [{ f: 0.3 }])).toMatch(/column f/);
        expect(compareRows([{ v: 1 }], [{ v: "1" }])).toMatch(/column v/);
    });
});

describe("compareWarehouses", () => {
    let zetaSql: ZetaSql;
    let pair: EnginePair;
    const columns = [
        { name: "id", type: "INT64" },
        { name: "amount", type: "NUMERIC" },
    ];
    beforeAll(async () => {
        zetaSql = await ZetaSql.start();
        pair = await openPair(zetaSql);
        await pair.duckdb.loadRows({ schema: "s", name: "same" }, columns, [{ id: "1", amount: "1.5" }]);
        await pair.zetasql.loadRows({ schema: "s", name: "same" }, columns, [{ id: "1", amount: "1.5" }]);
        await pair.duckdb.loadRows({ schema: "s", name: "changed" }, columns, [
            { id: "1", amount: "1.5" },
            { id: "2", amount: "2" },
        ]);
        await pair.zetasql.loadRows({ schema: "s", name: "changed" }, columns, [
            { id: "2", amount: "2" },
            { id: "1", amount: "1.50001" },
        ]);
        await pair.duckdb.loadRows({ schema: "s", name: "only_duckdb" }, columns, []);
    });
    afterAll(async () => {
        await pair?.dispose();
        await zetaSql?.stop();
    });

    it("names the table, the column and the first differing rows", async () => {
        const targets = ["same", "changed", "only_duckdb"].map((name) => ({ schema: "s", name }));
        const problems = await compareWarehouses(pair.duckdb, pair.zetasql, targets);
        expect(problems).toHaveLength(2);
        expect(problems[0]).toMatch(/^s\.changed: 2 rows on duckdb, 2 on zetasql; first difference in column amount/);
        expect(problems[0]).toContain('{"id":"1","amount":"1.5"}');
        expect(problems[0]).toContain('{"id":"1","amount":"1.50001"}');
        expect(problems[1]).toBe("s.only_duckdb: duckdb has table, zetasql has nothing");
    });
});
