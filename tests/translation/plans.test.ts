import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installBigQueryFunctions, loadTranslator, type Translator } from "../../scripts/engines/duckdb/translate/index.ts";

// What DuckDB makes of translated joins: an equality it can hash, not a nested loop over both tables
// (BigQuery's NaN rule in a CASE made every `a.k = b.k` one, and every outer join with a range in its ON). Results are compared in constructs.test.ts.
let instance: DuckDBInstance;
let connection: DuckDBConnection;
let translator: Translator;
beforeAll(async () => {
    instance = await DuckDBInstance.create(":memory:");
    connection = await instance.connect();
    await installBigQueryFunctions(connection);
    translator = await loadTranslator();
});
afterAll(() => {
    connection?.closeSync();
    instance?.closeSync();
});

const tables = `with l as (select x as id, cast(x as string) as k, x / 2 as f from unnest(generate_array(1, 1000)) as x),
    r as (select x as n, cast(x as string) as k, x / 2 as f from unnest(generate_array(1, 1000)) as x)`;

async function plan(bigQuerySql: string): Promise<string> {
    const reader = await connection.runAndReadAll(`explain ${translator.toDuckDb(bigQuerySql, { query: true })}`);
    return reader
        .getRows()
        .map((row) => String(row[1]))
        .join("\n");
}

describe("comparisons DuckDB joins by", () => {
    it.each([
        ["LEFT JOIN ON a STRING key", `${tables} select l.id, r.n from l left join r on l.k = r.k`],
        ["LEFT JOIN ON a FLOAT64 key, joined key first", `${tables} select l.id, r.n from l left join r on r.f = l.f`],
        ["JOIN ON two keys", `${tables} select l.id, r.n from l join r on l.k = r.k and l.f = r.f`],
        ["WHERE across a comma join", `${tables} select l.id, r.n from l, r where l.k = r.k`],
        ["FULL JOIN ON a STRING key", `${tables} select l.id, r.n from l full join r on l.k = r.k`],
        ["RIGHT JOIN ON a FLOAT64 key", `${tables} select l.id, r.n from l right join r on l.f = r.f`],
        ["correlated EXISTS", `${tables} select id from l where exists (select 1 from r where r.k = l.k)`],
        ["LEFT JOIN ON a key and a range", `${tables} select l.id, r.n from l left join r on r.k = l.k and r.f >= l.f - 1`],
        ["FULL JOIN ON a key and a range", `${tables} select l.id, r.n from l full join r on l.k = r.k and l.id < r.n`],
        [
            "LEFT JOIN ON a key and BETWEEN",
            `${tables} select l.id, r.n from l left join r on r.k = l.k and r.f between l.f - 1 and l.f + 1`,
        ],
    ])("%s is a hash join", async (_name, sql) => {
        const text = await plan(sql);
        expect(text).toMatch(/HASH_JOIN|RIGHT_DELIM_JOIN|LEFT_DELIM_JOIN|SEMI/);
        expect(text).not.toMatch(/NESTED_LOOP_JOIN|BLOCKWISE_NL_JOIN|CROSS_PRODUCT/);
    });

    it("an equality under NOT is BigQuery's comparison, which DuckDB cannot hash", async () => {
        expect(await plan(`${tables} select l.id from l join r on not (l.k != r.k)`)).toMatch(/NL_JOIN|CROSS_PRODUCT/);
    });

    it("a range under NOT in an outer join's ON is BigQuery's comparison, a nested loop", async () => {
        expect(await plan(`${tables} select l.id from l left join r on l.k = r.k and not (r.f < l.f)`)).toMatch(/NL_JOIN/);
    });

    it("a range in WHERE still filters the table scan", async () => {
        const text = await plan("select x from unnest(generate_array(1, 10)) as x where x >= 5");
        expect(text).not.toMatch(/BQ_GE|CASE/i);
    });
});
