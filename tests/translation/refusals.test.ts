import { beforeAll, describe, expect, it } from "vitest";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import { loadTranslator, UnsupportedSqlError, type Translator } from "../../scripts/engines/duckdb/translate/index.ts";

// Constructs known to come out wrong on DuckDB: the translation must refuse them, naming the construct.
const refused: { sql: string; construct: RegExp }[] = [
    { sql: "select ieee_divide(1, 0) as x", construct: /IEEE_DIVIDE/ },
    { sql: "select 'a_b' like 'a\\\\_b' as x", construct: /LIKE with backslash/ },
    { sql: "select format_timestamp('%Y %Z', current_timestamp()) as x", construct: /format element %Z/ },
    { sql: "select format_timestamp('%E*S', current_timestamp()) as x", construct: /format element %E\*S/ },
    { sql: "select bool(json '{\"a\":true}') as x", construct: /BOOL\(\) on JSON/ },
    { sql: "select int64(json '1') as x", construct: /INT64\(\) on JSON/ },
    { sql: "select cast('1' as bignumeric) as x", construct: /BIGNUMERIC/ },
    { sql: "select json_type(json '1') as x", construct: /JSON_TYPE/ },
    { sql: "select json_value(cast('{\"a\": NaN}' as json), '$.a') as x", construct: /CAST to JSON/ },
    { sql: "select to_json(1, stringify_wide_numbers => true) as x", construct: /TO_JSON/ },
    { sql: "select net.reg_domain('https://a.b/c') as x", construct: /NET\.REG_DOMAIN \(needs BigQuery's public suffix list\)/ },
    { sql: "select net.public_suffix('a.b.com') as x", construct: /NET\.PUBLIC_SUFFIX/ },
    { sql: "select net.ip_from_string('1.2.3.4') as x", construct: /function NET\.IP_FROM_STRING/ },
    {
        sql: "select safe.substr(concat(s, 'x'), 1) as x from (select 'a' as s)",
        construct: /SAFE\.SUBSTR with an argument that is not a column or a literal/,
    },
    { sql: "select safe.sum(x) from unnest([1]) as x", construct: /SAFE\.SUM \(no SAFE\. form of an aggregate\)/ },
    { sql: "select approx_quantiles(x, 2 respect nulls) from unnest([1]) as x", construct: /APPROX_QUANTILES with RESPECT NULLS/ },
    { sql: "select approx_top_sum(x, 1, 2) from unnest([1]) as x", construct: /function APPROX_TOP_SUM/ },
    {
        sql: "select contains_substr(s, pattern) from (select 'a' as s, 'a' as pattern)",
        construct: /CONTAINS_SUBSTR without a literal search value/,
    },
    { sql: "select cast('2024' as date format 'YYYY') as d", construct: /without all of YYYY, MM and DD/ },
    { sql: "select cast('05 MAR 2024' as date format 'DD MON YYYY') as d", construct: /CAST format element MON/ },
    { sql: "select cast(d as string format 'J') from (select current_date() as d)", construct: /CAST format element J/ },
    { sql: "select as struct 1 as a", construct: /SELECT AS STRUCT as a whole query/ },
    { sql: "select * from (select as value 1)", construct: /SELECT AS VALUE as a FROM item/ },
    { sql: "select '\\u0027' as s", construct: /STRING literal with a \\u or \\U escape/ },
    { sql: "select regexp_replace('a', r'a', r'\\1') as s", construct: /REGEXP_REPLACE referring to group/ },
    { sql: "create table d.t like d.s", construct: /CREATE TABLE \.\.\. LIKE, CLONE or COPY/ },
    { sql: "select some_udf(1) as x", construct: /function SOME_UDF/ },
    { sql: "select json_value(p, '$.a[*]') from (select '{}' as p)", construct: /JSON_VALUE path/ },
    { sql: "select json_value(p, path) from (select '{}' as p, '$' as path)", construct: /non-literal path/ },
    { sql: "select regexp_extract('ab', r'(a)(b)') as x", construct: /more than one capturing group/ },
    { sql: "select regexp_extract('ab', pattern) from (select 'a' as pattern)", construct: /non-literal pattern/ },
    { sql: "select struct(1 + 1) as s", construct: /anonymous STRUCT field/ },
    { sql: "select j['a'] from (select json '{}' as j)", construct: /JSON subscript/ },
    { sql: "select timestamp_diff(current_timestamp(), current_timestamp(), month) as x", construct: /TIMESTAMP_DIFF with part MONTH/ },
    { sql: "select extract(week(monday) from current_date()) as x", construct: /EXTRACT\(WEEK\(MONDAY\)\)/ },
];

let translator: Translator;
beforeAll(async () => {
    translator = await loadTranslator();
});

describe("refused constructs", () => {
    it.each(refused.map((entry) => [entry.construct.source, entry] as const))("%s", (_name, entry) => {
        let error: unknown;
        try {
            translator.toDuckDb(entry.sql);
        } catch (caught) {
            error = caught;
        }
        expect(error).toBeInstanceOf(UnsupportedSqlError);
        expect((error as UnsupportedSqlError).message).toMatch(/^BigQuery construct not supported locally: /);
        expect((error as UnsupportedSqlError).construct).toMatch(entry.construct);
    });
});

describe("statements", () => {
    it("maps table paths in DDL and DML but not CTE names", () => {
        const sql = translator.toDuckDb(
            "create or replace table `proj.marts.t` as with base as (select 1 as a) select a from base; insert into marts.t (a) select a from `marts.t`; delete from marts.t where a is null",
        );
        expect(sql).toContain('"marts"."t"');
        expect(sql).not.toMatch(/proj/);
        expect(sql).toMatch(/FROM base/i);
        expect(sql.split(";")).toHaveLength(3);
    });
});

describe("run-time refusals", () => {
    it("refuses NUMERIC division and rounding of INT64 when DuckDB runs them, since DuckDB's types differ", async () => {
        const engine = await DuckDbEngine.open(":memory:");
        await expect(engine.query("select numeric '1.5' / 3 as x")).rejects.toThrow(/not supported locally: NUMERIC division/);
        await expect(engine.query("select round(x) from unnest([1, 2]) as x")).rejects.toThrow(/ROUND, FLOOR or CEIL of INT64/);
        expect((await engine.query("select 3 / 2 as x")).rows).toEqual([{ x: 1.5 }]);
        await engine.close();
    });

    it("refuses hexadecimal text to FLOAT64, which BigQuery reads and DuckDB does not, when a row holds it", async () => {
        const engine = await DuckDbEngine.open(":memory:");
        const sql = (text: string) => `select safe_cast(x as float64) as f from unnest(['1.5', '${text}']) as x`;
        await expect(engine.query(sql("0x10"))).rejects.toThrow(/not supported locally: CAST of hexadecimal text to FLOAT64/);
        await expect(engine.query(sql(" -0X1p3"))).rejects.toThrow(/not supported locally: CAST of hexadecimal text to FLOAT64/);
        expect((await engine.query(sql("2"))).rows).toEqual([{ f: 1.5 }, { f: 2 }]);
        await engine.close();
    });
});
