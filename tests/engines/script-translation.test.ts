import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import { loadTranslator } from "../../scripts/engines/duckdb/translate/index.ts";

/** A script whose variables take the given values: one of each type the engine translates with stand-ins. */
const script = (values: { n: string; amount: string; day: string; at: string; flag: string; label: string }) => `
declare n int64 default ${values.n};
declare amount numeric default numeric '${values.amount}';
declare first_day date default date '${values.day}';
declare at timestamp default timestamp '${values.at}';
declare flag bool default ${values.flag};
declare label string default '${values.label}';
create or replace table results.script_values as
select n + 1 as next_n, amount * 2 as double_amount, date_add(first_day, interval 1 day) as next_day,
    timestamp_add(at, interval 1 hour) as next_hour, not flag as not_flag, concat(label, '!') as shouted,
    '__script_value_n__' as text_like_a_stand_in`;

const FIRST = { n: "41", amount: "1.25", day: "2024-01-31", at: "2024-03-01 23:30:00+00", flag: "true", label: "a" };
const SECOND = { n: "-7", amount: "0.5", day: "2024-02-28", at: "2023-12-31 23:00:00+00", flag: "false", label: "b" };

describe("script variables on DuckDB", () => {
    let engine: DuckDbEngine;
    beforeAll(async () => {
        engine = await DuckDbEngine.open(":memory:");
        await engine.execute("create schema results");
        await engine.endScript();
    });
    afterAll(async () => {
        vi.restoreAllMocks();
        await engine.close();
    });

    const results = async () => (await engine.query("select * from results.script_values")).rows[0];
    /** Runs one action's script: its variables end with it. */
    const runScript = async (sql: string) => {
        await engine.execute(sql);
        await engine.endScript();
    };

    it("gives each run its own values, while the statement sent to the translator stays the same", async () => {
        const translator = await loadTranslator();
        const sent = vi.spyOn(translator, "toDuckDb");
        await runScript(script(FIRST));
        const firstSent = sent.mock.calls.map(([sql]) => sql);
        expect(await results()).toMatchObject({
            next_n: "42",
            double_amount: "2.5",
            next_day: "2024-02-01",
            not_flag: false,
            shouted: "a!",
            text_like_a_stand_in: "__script_value_n__",
        });
        sent.mockClear();
        await runScript(script(SECOND));
        expect(await results()).toMatchObject({
            next_n: "-6",
            double_amount: "1",
            next_day: "2024-02-29",
            not_flag: true,
            shouted: "b!",
            text_like_a_stand_in: "__script_value_n__",
        });
        const create = (calls: string[]) => calls.filter((sql) => sql.startsWith("create or replace table"));
        const secondSent = sent.mock.calls.map(([sql]) => sql);
        // the statement whose SQL holds a stand-in's text is sent with the value of n in it, the others with stand-ins
        expect(create(firstSent)).toHaveLength(1);
        expect(create(firstSent)[0]).toContain("cast('41' as INT64)");
        expect(create(firstSent)[0]).toContain("DATE '__script_value_first_day__'");
        // a STRING goes in as its literal: a translation may read a string's content (a pattern, a format)
        expect(create(secondSent)[0]).toBe(
            create(firstSent)[0].replace("cast('41' as INT64)", "cast('-7' as INT64)").replace("concat('a'", "concat('b'"),
        );
        expect(String((await results()).next_hour)).toMatch(/^2024-01-01[ T]00:00:00/);
    });

    it("sends a statement that reads no stand-in's text with stand-ins for every typed variable", async () => {
        const translator = await loadTranslator();
        const sent = vi.spyOn(translator, "toDuckDb");
        sent.mockClear();
        await runScript(
            "declare since date default date '2024-05-01'; declare k int64 default 3; select date_add(since, interval k day) as d",
        );
        const statement = sent.mock.calls.map(([sql]) => sql).find((sql) => sql.includes("date_add"));
        expect(statement).toBe("select date_add(DATE '__script_value_since__', interval cast('__script_value_k__' as INT64) day) as d");
    });
});
