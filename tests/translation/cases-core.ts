import type { Case } from "./harness.ts";
import { allTypes, events } from "./fixtures.ts";

/** Literals, casts, arithmetic, strings, NULL ordering and table paths. */
export const coreCases: Case[] = [
    {
        name: "backtick dataset.table path with alias",
        sql: "select event_id from `fixture.events` as e where user_id = 'u2'",
        tables: [events],
    },
    { name: "backtick dataset.table path", sql: "select count(*) as n from `fixture.events`", tables: [events] },
    {
        name: "unquoted dataset.table path with alias",
        sql: "select e.event_id from fixture.events as e where e.event_name = 'purchase'",
        tables: [events],
    },
    { name: "CTE names are not table paths", sql: "with events as (select 1 as x) select x from events" },
    { name: "float literal stays FLOAT64", sql: "select 0.1 + 0.2 as x, 1.5 * 2 as y" },
    { name: "integer division returns FLOAT64", sql: "select 7 / 2 as x, -7 / 2 as y" },
    { name: "DIV truncates toward zero", sql: "select div(7, 2) as a, div(-7, 2) as b, div(7, -2) as c" },
    { name: "MOD keeps the dividend's sign", sql: "select mod(7, 3) as a, mod(-7, 3) as b" },
    { name: "SAFE_DIVIDE by zero is NULL", sql: "select safe_divide(1, 0) as a, safe_divide(6, 3) as b" },
    {
        name: "IF, IFNULL, NULLIF, COALESCE",
        sql: "select if(x > 1, 'big', 'small') as a, ifnull(y, 'none') as b, nullif(x, 2) as c, coalesce(y, z, 'z') as d from unnest([struct(1 as x, cast(null as string) as y, cast(null as string) as z), struct(2 as x, 'y' as y, 'z' as z)])",
    },
    {
        name: "NUMERIC is DECIMAL(38,9), not (18,3)",
        sql: "select cast('1.123456789' as numeric) as a, cast(12.5 as numeric) * 3 as b, numeric '0.000000001' as c",
    },
    {
        name: "SAFE_CAST and CAST of text to NUMERIC: signs, spaces, rounding past 9 digits, exponents, 29 digits, underscores",
        sql: `select x, safe_cast(x as numeric) as y, cast(if(safe_cast(x as numeric) is null, null, x) as numeric) as z
            from unnest(['0', '-0', '+1.5', ' 12.25 ', '.5', '5.', '-.5', '0.0000000005', '-0.0000000005', '0.0000000004',
                '999999999.9999999995', '-999999999.9999999995', '999999999999999999.123456789', '12345678901234567890123456789',
                '99999999999999999999999999999.999999999', '100000000000000000000000000000', '1e3', '1.5E-3', '5e-10',
                '40437452.0740902244832E2', '1.23456789012345678901e10', '  -3.14159265358979e+5 ', '1e28', '1e29', 'abc', '',
                '1e', 'NaN', 'inf', '0x10', '1.2.3', '1 000', '1,000', '1_000', '1.0_5', '1e1_0', '_1', '+-1', '--1']) as x`,
    },
    {
        name: "SAFE_CAST of text to FLOAT64: underscores and a sign before a sign are not numbers",
        sql: `select x, cast(safe_cast(x as float64) as string) as f
            from unnest(['1_000', '1.0_5', '1e1_0', '+-1', '+-nan', '-+1', '--1', 'inf', '-Infinity', '+nan', ' 1.5 ', '1e400',
                '-.5e1', '4043745207.409022448']) as x`,
    },
    { name: "NUMERIC sum of the fixture", sql: "select sum(revenue) as total from fixture.events", tables: [events] },
    {
        name: "SAFE_CAST string 12.5 to INT64 is NULL",
        sql: "select safe_cast('12.5' as int64) as a, safe_cast('12' as int64) as b, safe_cast(' 7 ' as int64) as c, safe_cast('x' as int64) as d",
    },
    {
        name: "CAST float to INT64 rounds half away from zero",
        sql: "select cast(2.5 as int64) as a, cast(-2.5 as int64) as b, cast(1.49 as int64) as c",
    },
    { name: "CAST string to BOOL", sql: "select cast('true' as bool) as a, cast('FALSE' as bool) as b, safe_cast('yes' as bool) as c" },
    { name: "CAST float to STRING", sql: "select cast(3.0 as string) as a, cast(0.1 as string) as b, cast(-2.5 as string) as c" },
    { name: "CAST NUMERIC to STRING", sql: "select cast(numeric '12.50' as string) as a, cast(numeric '3' as string) as b" },
    { name: "CAST INT64 and BOOL to STRING", sql: "select cast(42 as string) as a, cast(true as string) as b" },
    {
        name: "CAST string to FLOAT64 and DATE",
        sql: "select cast('1.25' as float64) as a, cast('2024-02-29' as date) as b, safe_cast('2024-02-30' as date) as c",
    },
    {
        // each cast takes its subquery's one value (locally evaluated once, then cast)
        name: "CAST and SAFE_CAST of scalar subqueries and EXISTS, correlated or not",
        sql: `select
            cast((select max(event_id) from \`fixture.events\`) as string) as a,
            safe_cast((select max(user_id) from \`fixture.events\`) as int64) as b,
            cast((select min(date(event_at)) from \`fixture.events\`) as date) as c,
            safe_cast(((select max(user_id) from \`fixture.events\`)) as date) as d,
            cast(exists(select 1 from \`fixture.events\` where event_name = 'purchase') as int64) as e,
            cast((select count(*) from \`fixture.events\` as inner_events where inner_events.user_id = outer_events.user_id) as string) as f,
            cast((select max(client_ms) from \`fixture.events\` where false) as bool) as g
        from \`fixture.events\` as outer_events`,
        tables: [events],
    },
    { name: "CONCAT with NULL is NULL", sql: "select concat('a', cast(null as string)) as a, concat('a', 'b', 'c') as b, 'x' || 'y' as c" },
    {
        name: "string functions",
        sql: "select lower('AbC') as a, upper('abc') as b, trim('  x ') as c, length('héllo') as d, starts_with('hello', 'he') as e, ends_with('hello', 'lo') as f, strpos('hello', 'l') as g, replace('a-b-c', '-', '') as h",
    },
    {
        name: "SUBSTR with positive, zero and negative positions",
        sql: "select substr('abcdef', 2, 3) as a, substr('abcdef', 0, 2) as b, substr('abcdef', -2) as c, substr('abcdef', -10, 3) as d, substr('abc', 5) as e",
    },
    { name: "SPLIT with and without delimiter", sql: "select split('a,b,,c') as a, split('a|b', '|') as b" },
    { name: "LEFT and RIGHT", sql: "select left('abcdef', 2) as a, right('abcdef', 2) as b" },
    { name: "GREATEST and LEAST propagate NULL", sql: "select greatest(1, 5, 3) as a, least(1, 5, 3) as b, greatest(1, null) as c" },
    {
        name: "TO_HEX(SHA256()) for e-mail hashing",
        sql: "select to_hex(sha256(lower(trim(' Jane@Example.com ')))) as hashed, to_hex(md5('abc')) as md5_hex",
    },
    { name: "string comparison is binary", sql: "select 'a' < 'B' as a, 'B' < 'a' as b, 'é' > 'z' as c" },
    { name: "NULLs sort first ascending", sql: "select x from unnest([3, null, 1]) as x order by x" },
    { name: "NULLs sort last descending", sql: "select x from unnest([3, null, 1]) as x order by x desc" },
    { name: "explicit NULLS LAST ascending is kept", sql: "select x from unnest([3, null, 1]) as x order by x asc nulls last" },
    { name: "GROUP BY ordinal", sql: "select event_name, count(*) as n from fixture.events group by 1", tables: [events] },
    {
        name: "SELECT * EXCEPT",
        sql: "select * except (payload, page_url, revenue, client_ms, event_at) from fixture.events where user_id = 'u2'",
        tables: [events],
    },
    {
        name: "SELECT * REPLACE",
        sql: "select * replace (upper(event_name) as event_name) from (select event_id, event_name from fixture.events where event_id = 'e2')",
        tables: [events],
    },
    {
        name: "COUNT(DISTINCT)",
        sql: "select count(distinct event_id) as events, count(distinct user_id) as users from fixture.events",
        tables: [events],
    },
    {
        name: "COUNTIF, LOGICAL_AND, LOGICAL_OR",
        sql: "select countif(event_name = 'purchase') as purchases, logical_and(event_id is not null) as all_ids, logical_or(revenue > 10) as big from fixture.events",
        tables: [events],
    },
    {
        name: "ANY_VALUE of a single-valued group",
        sql: "select user_id, any_value(event_name) as name from fixture.events where event_name = 'purchase' group by user_id",
        tables: [events],
    },
    {
        name: "aggregates over no rows",
        sql: "select count(*) as n, sum(x) as s, max(x) as m, avg(x) as a from unnest(cast([] as array<int64>)) as x",
    },
    { name: "AVG of INT64 is FLOAT64", sql: "select avg(x) as a from unnest([1, 2, 4]) as x" },
    {
        name: "UNION ALL and DISTINCT",
        sql: "select x from unnest([1, 2]) as x union all (select x from unnest([2, 3]) as x union distinct select 9)",
    },
    {
        name: "LEFT JOIN with USING",
        sql: "with a as (select 1 as k, 'a' as v union all select 2, 'b'), b as (select 1 as k, 'x' as w) select k, v, w from a left join b using (k)",
    },
    {
        name: "CASE and IN list",
        sql: "select case when x in (1, 2) then 'low' when x is null then 'none' else 'high' end as bucket from unnest([1, 3, null]) as x",
    },
    { name: "ROUND half away from zero", sql: "select round(2.5) as a, round(-2.5) as b, round(1.2345, 2) as c" },
    {
        name: "NUMERIC products round to 9 digits",
        sql: "select numeric '0.333333333' * numeric '0.333333333' as a, numeric '1.5' * 2 as b, 2 * 3 as c, 1.5 * 1.5 as d",
    },
    {
        name: "NUMERIC products round half away from zero to 9 digits and stay NUMERIC(38, 9)",
        sql: "select numeric '0.000015' * numeric '0.0001' as a, numeric '-0.000025' * numeric '0.0001' as b, cast(numeric '0.000015' * numeric '0.0001' as string) as c, numeric '1234567890.5' * numeric '2.000000001' as d, (numeric '1.5' * numeric '1.5') * numeric '3.333333333' as e",
    },
    {
        name: "NUMERIC products of columns, summed",
        sql: "select sum(revenue * revenue) as squares, max(revenue * numeric '0.0000001') as small from fixture.events",
        tables: [events],
    },
    {
        name: "ROUND, FLOOR, CEIL of NUMERIC",
        sql: "select round(numeric '2.5') as a, round(numeric '-1.2345', 2) as b, floor(numeric '-1.5') as c, ceil(numeric '1.2') as d",
    },
    { name: "ABS, SIGN, FLOOR, CEIL of floats", sql: "select abs(-1.5) as a, sign(-3) as b, floor(1.7) as c, ceil(1.2) as d" },
    { name: "LIKE without escapes", sql: "select 'abc' like 'a%' as a, 'abc' like '_b_' as b, 'abc' not like '%z%' as c" },
    { name: "BYTES literal and TO_BASE64", sql: "select to_base64(b'hello') as a, b'hi' as b" },
    { name: "every type loads and reads back exactly", sql: "select * from fixture.all_types", tables: [allTypes] },
    {
        name: "nested struct and array fields of a table",
        sql: "select st.k, st.v[offset(0)].x as first_x, array_length(arr) as n from fixture.all_types",
        tables: [allTypes],
    },
    {
        name: "FARM_FINGERPRINT",
        sql: "select farm_fingerprint('') as a, farm_fingerprint('user-42') as b, farm_fingerprint(cast(null as string)) as c",
    },
    { name: "LOG with a base and LN", sql: "select log(8, 2) as a, ln(1) as b, log(100) / log(10) as c" },
    {
        name: "date and timestamp literals",
        sql: "select date '2024-02-29' as d, timestamp '2024-01-02 03:04:05.123456+00' as t, datetime '2024-01-02 03:04:05' as dt",
    },
];
