import type { Row } from "../../scripts/engines/values.ts";
import type { Case, StatementCase } from "./harness.ts";
import { events } from "./fixtures.ts";

/**
 * Issue 14's constructs, each from BigQuery's documentation (format-elements,
 * query-syntax, net_functions, json_functions, approximate_aggregate_functions,
 * procedural-language): run on the ZetaSQL oracle and on DuckDB.
 */
/** Two tables keyed by FLOAT64, with a NaN, a number and a NULL key each, for the equalities DuckDB joins by. */
const nanKeys = `with l as (select * from unnest([struct(1 as id, cast('nan' as float64) as k), struct(2 as id, 1.5 as k), struct(3 as id, null as k)])),
    r as (select * from unnest([struct('a' as tag, cast('nan' as float64) as k), struct('b' as tag, 1.5 as k), struct('c' as tag, null as k)]))`;

export const constructCases: Case[] = [
    // Equality in a filter is DuckDB's (a hash join) with a NaN check on one operand (nan.ts markFilterComparisons).
    {
        name: "LEFT JOIN ON a FLOAT64 key: NaN and NULL keys match nothing",
        sql: `${nanKeys} select l.id, r.tag from l left join r on l.k = r.k order by l.id`,
    },
    {
        name: "LEFT JOIN ON with the joined key on the left of =",
        sql: `${nanKeys} select l.id, r.tag from l left join r on r.k = l.k order by l.id`,
    },
    { name: "JOIN ON a FLOAT64 key keeps only the number", sql: `${nanKeys} select l.id, r.tag from l join r on l.k = r.k and l.id > 0` },
    {
        name: "WHERE equality across a comma join",
        sql: `${nanKeys} select l.id, r.tag from l, r where l.k = r.k or (l.id = 3 and r.tag = 'c') order by l.id`,
    },
    {
        name: "FULL JOIN ON a FLOAT64 key: NaN and NULL keys stay unmatched on both sides",
        sql: `${nanKeys} select l.id, r.tag from l full join r on l.k = r.k order by l.id, r.tag`,
    },
    {
        name: "RIGHT JOIN ON a key or a second equality",
        sql: `${nanKeys} select l.id, r.tag from l right join r on l.k = r.k or (l.id = 3 and r.tag = 'c') order by r.tag, l.id`,
    },
    { name: "equality under NOT keeps NaN = NaN false", sql: `${nanKeys} select id from l where not (k = k) order by id` },
    // Ranges in a filter compare with both operands NULL when NaN (nan.ts markFilterComparisons).
    {
        name: "LEFT JOIN ON a key and ranges: a NaN on either side matches nothing",
        sql: `${nanKeys} select l.id, r.tag from l left join r on l.id > 0 and (r.k >= l.k or r.k < l.k - 1) order by l.id, r.tag`,
    },
    {
        name: "RIGHT and FULL JOIN ON a range keep NaN rows unmatched",
        sql: `${nanKeys} select l.id, r.tag, 'right' as kind from l right join r on l.k <= r.k
            union all select l.id, r.tag, 'full' from l full join r on l.k > r.k order by kind, id, tag`,
    },
    {
        name: "BETWEEN with NaN as the value or a bound is false, in a select list and a filter",
        sql: `select x, x between 1 and 2 as inside, 1.5 between x and 2 as above_low, 1.5 between 1 and x as below_high,
            x not between 1 and 2 as outside from unnest([cast('nan' as float64), 1.5, null, 3.0]) as x with offset o
            where not (x between 10 and 20) or x is null order by o`,
    },
    {
        name: "LEAST and GREATEST with NaN are NaN, with NULL NULL",
        sql: `select x, least(x, 1.0) as l, greatest(x, 1.0) as g, least(2, x, 1) as l3, greatest(cast('-inf' as float64), x) as g2
            from unnest([cast('nan' as float64), 1.5, null, cast('-inf' as float64)]) as x with offset o order by o`,
    },
    {
        name: "MIN with a NaN is NaN, as an aggregate and over a window; MAX too",
        sql: `select g, x, min(x) over (partition by g) as window_min, min(x) over (partition by g order by o) as running_min,
            max(x) over (partition by g) as window_max, (select min(y) from unnest([2.5, cast('nan' as float64), null]) as y) as nan_min,
            (select min(y) from unnest([2, 1]) as y) as int_min
            from unnest([cast('nan' as float64), 1.5, null, cast('-inf' as float64)]) as x with offset o
            cross join unnest([o < 2]) as g order by o`,
    },
    {
        name: "IN a list, an array and a subquery: NaN matches nothing, NULL among the values makes it NULL",
        sql: `select x, x in (1.5, cast('nan' as float64)) as in_list, x in (2.5, null) as in_nulls, x not in (1.5) as not_in,
            x in unnest([cast('nan' as float64), 1.5]) as in_array, x in unnest([2.5, null]) as in_array_nulls,
            x in (select y from unnest([cast('nan' as float64), null]) as y) as in_query,
            x not in (select y from unnest([cast('nan' as float64), 1.5]) as y) as not_in_query,
            x in (select y from unnest([x, 7.0]) as y where y = 7.0 or x = 1.5) as correlated
            from unnest([cast('nan' as float64), 1.5, null]) as x with offset o order by o`,
    },
    {
        name: "LEFT JOIN ON x IN UNNEST(array): NaN matches nothing, as in BigQuery",
        sql: `${nanKeys} select l.id, r.tag from l left join r on l.k in unnest([r.k, 2.5]) and r.tag != 'c' order by l.id, r.tag`,
    },
    {
        name: "WHERE IN keeps no NaN",
        sql: `select o from unnest([cast('nan' as float64), 1.5, null]) as x with offset o
            where x in (cast('nan' as float64), 1.5) or x in unnest([cast('nan' as float64)]) or x in (select cast('nan' as float64)) order by o`,
    },
    {
        name: "ORDER BY puts NaN below every number, NULLs first ascending and last descending",
        sql: `select x, row_number() over (order by x) as up, row_number() over (order by x desc) as down,
            row_number() over (order by x nulls last) as up_nulls_last, row_number() over (order by x desc nulls first) as down_nulls_first
            from unnest([1.5, cast('nan' as float64), null, cast('-inf' as float64), cast('inf' as float64)]) as x order by x`,
    },
    {
        name: "RANGE frames over an INT64 and a FLOAT64 order key (one key, as DuckDB requires)",
        sql: `select o, sum(o) over (order by o range between 1 preceding and current row) as by_offset,
            sum(o) over (order by x range between unbounded preceding and current row) as by_value,
            count(*) over (order by x) as peers
            from unnest([1.5, 2.5, null, 1.5, cast('-inf' as float64)]) as x with offset o order by o`,
    },
    {
        name: "named windows: NaN ordered as BigQuery, and a RANGE frame over one still works",
        sql: `select o, row_number() over w as r, sum(o) over (v range between 1 preceding and current row) as rolling
            from unnest([1.5, cast('nan' as float64), null, cast('-inf' as float64)]) as x with offset o
            window w as (order by x desc), v as (order by o) order by o`,
    },
    {
        name: "DISTINCT aggregates ordered by their argument, NaN below every number",
        sql: `select string_agg(distinct s, ',' order by s desc) as texts, array_agg(distinct x ignore nulls order by x) as floats
            from unnest(['b', 'a', 'b']) as s with offset o cross join unnest([2.5, cast('nan' as float64), null, 2.5 + o]) as x`,
    },
    {
        name: "ARRAY_AGG and STRING_AGG ordered by FLOAT64 with NaN",
        sql: `select array_agg(x order by x desc) as agg_desc, string_agg(cast(x as string), ',' order by x) as agg_text
            from unnest([1.5, cast('nan' as float64), cast('-inf' as float64), cast('inf' as float64)]) as x`,
    },
    {
        name: "ORDER BY an alias, a position and an expression of FLOAT64 with NaN",
        sql: `select x * 2 as doubled, o from unnest([1.5, cast('nan' as float64), null, cast('-inf' as float64)]) as x with offset o
            order by doubled desc, 2`,
    },
    {
        name: "ORDER BY a position and an alias in DISTINCT and aggregate queries",
        sql: `select distinct x from unnest([1.5, cast('nan' as float64), 1.5, null]) as x order by 1 desc`,
    },
    {
        name: "UNION ALL with ORDER BY and LIMIT orders NaN as BigQuery",
        sql: `with a as (select x from unnest([1.5, cast('nan' as float64)]) as x)
            select x from a union all select x from unnest([null, cast('-inf' as float64), 0.5]) as x order by x limit 4 offset 1`,
    },
    {
        name: "EXCEPT DISTINCT and INTERSECT DISTINCT with ORDER BY order NaN as BigQuery",
        sql: `(select x from unnest([1.5, cast('nan' as float64), 2.5, cast('-inf' as float64)]) as x
            except distinct select 2.5 order by x desc)
            union all (select x from unnest([cast('nan' as float64), 0.5]) as x intersect distinct select cast('nan' as float64) order by x)`,
    },
    {
        name: "ORDER BY an aggregate's alias with NaN",
        sql: `select g, min(x) as low from unnest([1.5, cast('nan' as float64), 2.5, 0.5]) as x with offset o
            cross join unnest([mod(o, 2)]) as g group by g order by low`,
    },
    {
        name: "CASE x WHEN NaN matches nothing, as =",
        sql: `select x, case x when cast('nan' as float64) then 'nan' when 1.5 then 'number' else 'other' end as c,
            case x when null then 'null' else 'not' end as n from unnest([cast('nan' as float64), 1.5, null]) as x with offset o order by o`,
    },
    {
        name: "WHERE ranges under OR and NOT: NaN compares false, NOT of it true",
        sql: `${nanKeys} select l.id, r.tag from l cross join r where (l.k < r.k or l.id = 1) and not (l.k >= 2) order by l.id, r.tag`,
    },
    {
        name: "equality in a select list: NaN = NULL is NULL",
        sql: `${nanKeys} select l.id, r.tag, l.k = r.k as same from l cross join r order by l.id, r.tag`,
    },
    // CAST ... FORMAT (format-elements: "Format string as date and time"; "Format date and time as string").
    { name: "CAST AS DATE FORMAT YYYY-DD-MM reads day before month", sql: "select cast('2024-03-10' as date format 'YYYY-DD-MM') as d" },
    { name: "CAST AS DATE FORMAT YYYYMMDD, as GA4 exports' event_date", sql: "select cast('20240305' as date format 'YYYYMMDD') as d" },
    { name: "CAST AS DATE FORMAT is case-insensitive and trims", sql: "select cast(' 2024-3-5 ' as date format 'yyyy-mm-dd') as d" },
    {
        name: "CAST AS DATETIME and TIMESTAMP FORMAT with a quoted literal",
        sql: `select cast('2024-03-05T10:11:12' as datetime format 'YYYY-MM-DD"T"HH24:MI:SS') as dt, cast('2024-03-05 10:11:12' as timestamp format 'YYYY-MM-DD HH24:MI:SS') as ts`,
    },
    {
        name: "SAFE_CAST AS DATE FORMAT of an impossible date is NULL",
        sql: "select safe_cast('2024-02-30' as date format 'YYYY-MM-DD') as d",
    },
    {
        name: "CAST date AS STRING FORMAT names in the case written",
        sql: "select cast(date '2008-12-25' as string format 'YYYY-MM-DD Mon MON mon Month DAY Dy DDD D YY') as s",
    },
    {
        name: "CAST timestamp AS STRING FORMAT hours, fractions and meridians",
        sql: "select cast(timestamp '2024-03-05 13:04:05.123456' as string format 'HH24 HH12 HH MI SS FF1 FF3 FF6 FF9 AM A.M. pm') as s",
    },
    // SELECT AS STRUCT / AS VALUE (query-syntax: "SELECT AS STRUCT", "SELECT AS VALUE").
    {
        name: "ARRAY(SELECT AS STRUCT ...) and scalar SELECT AS STRUCT/VALUE subqueries",
        sql: "select array(select as struct x as a, x * 2 as b from unnest([1, 2]) as x order by x) as arr, (select as value 5) as v, (select as struct 1 as a, 'x' as b) as s",
    },
    {
        name: "STRUCT of paths names fields as BigQuery does",
        sql: "select struct(t.x.a, t.x, t.y) as s from (select struct(1 as a) as x, 'y' as y) as t",
    },
    { name: "trailing comma in a select list", sql: "select e.event_id,\n  e.user_id,\nfrom fixture.events as e", tables: [events] },
    {
        name: "860-way UNION ALL of literal rows",
        sql: `select sum(n) as total, count(*) as rows_, max(label) as last_label from (${Array.from({ length: 860 }, (_, n) => `select ${n} as n, 'r${n}' as label`).join(" union all ")})`,
    },
    // Functions.
    {
        name: "IS_NAN and IS_INF",
        sql: "select is_nan(x) as nan, is_inf(x) as inf from unnest([cast('nan' as float64), cast('-inf' as float64), 1.5, null]) as x with offset o order by o",
    },
    {
        name: "NET.HOST on the documentation's inputs",
        sql: "select net.host(x) as host from unnest(['', ' ', '//user:password@a.b:80/path?query', 'https://[::1]:80', 'http://例子.卷筒纸.中国', '    www.Example.Co.UK    ', 'mailto:?to=&subject=&body=', 'https://www.Example.Co.UK/a?b#c', 'ftp:/x.y/z', 'x:y://z']) as x with offset o order by o",
    },
    {
        name: "NET.HOST drops the dots a host starts with, and a host of dots is NULL",
        sql: "select net.host(x) as host from unnest(['//.b/c', '..b', 'x..b', 'b.', 'http://...', 'http://.:80/', 'http://user@.b.c']) as x with offset o order by o",
    },
    {
        name: "SAFE. prefix: NULL instead of the function's error",
        sql: "select safe.substr(x.s, 1, x.n) as a, safe.net.host(x.s) as b from unnest([struct('abc' as s, -1 as n), ('https://a.b/c', 2)]) as x with offset o order by o",
    },
    {
        name: "SAFE_CONVERT_BYTES_TO_STRING replaces each invalid byte",
        sql: "select safe_convert_bytes_to_string(from_hex(h)) as s from unnest(['c328', '61e282', 'f09f98', 'f09f9880', 'eda080', '']) as h with offset o order by o",
    },
    {
        name: "TO_JSON_STRING of strings, integers, dates, arrays and structs",
        sql: "select to_json_string(struct(1 as a, 'é\"\\\\' as b, [date '2024-01-01'] as c, 9007199254740993 as k, cast(null as string) as n, true as t)) as j, to_json_string(cast(null as string)) as n, to_json_string([1, 2]) as arr",
    },
    { name: "TO_JSON of a struct", sql: "select to_json(struct(1 as a, 'x' as b)) as j" },
    { name: "\\u and \\U escapes in STRING literals", sql: "select '\\u00e9t\\u00e9' as a, \"\\U0001F600\" as b, r'\\u00e9' as c" },
];

/** Results the documentation gives for functions the oracle does not implement; DuckDB must give exactly these. */
export const documentedCases: { name: string; sql: string; expected: Row[] }[] = [
    {
        name: "APPROX_QUANTILES (documentation's examples)",
        sql: "select approx_quantiles(x, 2) as q, approx_quantiles(x, 100)[offset(90)] as p90, approx_quantiles(distinct x, 2) as qd from unnest([1, 1, 1, 4, 5, 6, 7, 8, 9, 10]) as x",
        expected: [{ q: ["1", "5", "10"], p90: "9", qd: ["1", "6", "10"] }],
    },
    {
        name: "APPROX_TOP_COUNT (documentation's examples)",
        sql: "select approx_top_count(x, 2) as top from unnest(['apple', 'apple', 'pear', 'pear', 'pear', 'banana']) as x",
        expected: [
            {
                top: [
                    { value: "pear", count: "3" },
                    { value: "apple", count: "2" },
                ],
            },
        ],
    },
    {
        name: "APPROX_TOP_COUNT counts NULL as a value",
        sql: "select approx_top_count(x, 2) as top from unnest([cast(null as string), 'pear', 'pear', 'pear', 'apple', null]) as x",
        expected: [
            {
                top: [
                    { value: "pear", count: "3" },
                    { value: null, count: "2" },
                ],
            },
        ],
    },
    {
        name: "APPROX_COUNT_DISTINCT (documentation's example)",
        sql: "select approx_count_distinct(x) as n from unnest([0, 1, 1, 2, 3, 5]) as x",
        expected: [{ n: "5" }],
    },
    {
        name: "CONTAINS_SUBSTR: normalized, case-insensitive (documentation's examples)",
        sql: "select contains_substr('the blue house', 'Blue house') as a, contains_substr('the red house', 'blue') as b, contains_substr('Ⅸ', 'IX') as c, contains_substr(cast(null as string), 'a') as d, contains_substr('STRASSE', 'straße') as e",
        expected: [{ a: true, b: false, c: true, d: null, e: true }],
    },
];

/** The oracle's exact forms of the approximate aggregates, on the same rows: DuckDB's local answers must equal them. */
export const exactFormCases: { name: string; sql: string; exact: string }[] = [
    {
        name: "APPROX_COUNT_DISTINCT is COUNT(DISTINCT) locally",
        sql: "select approx_count_distinct(user_id) as n from fixture.events",
        exact: "select count(distinct user_id) as n from fixture.events",
    },
];

/** Scripting (procedural-language): the script runs on DuckDB; the oracle evaluates the equivalent query. */
export const scriptingCases: StatementCase[] = [
    {
        name: "DECLARE, SET, WHILE with BREAK, IF/ELSEIF, and a temporary function",
        script: `declare n int64 default 0;
declare label string;
create temp function twice(x int64) returns int64 as (x * 2);
create or replace table fixture.counted as select 0 as n, '' as label;
begin
  declare i int64 default 3;
  while i > 0 do
    set n = n + twice(i);
    set i = i - 1;
    if i = 1 then break; end if;
  end while;
end;
if n > 100 then set label = 'big'; elseif n > 5 then set label = 'mid'; else set label = 'small'; end if;
insert into fixture.counted (n, label) values (n, label);`,
        check: "select * from fixture.counted",
        expected: "select 0 as n, '' as label union all select 10, 'mid'",
        tables: [],
    },
    {
        name: "variables of every type that translates once (DATE, TIMESTAMP, INT64, NUMERIC, BOOL) in filters and arithmetic",
        script: `declare since date default (select min(date(event_at)) from fixture.events);
declare after_ts timestamp default timestamp '2024-03-01 12:00:00+00';
declare step int64 default 2;
declare factor numeric default numeric '1.5';
declare purchases_only bool default (select count(*) > 0 from fixture.events where event_name = 'purchase');
create or replace table fixture.windowed as
select event_id, date_add(since, interval step day) as until_day, factor * step as scaled
from fixture.events
where date(event_at) >= since and event_at >= after_ts and (event_name = 'purchase') = purchases_only;`,
        check: "select * from fixture.windowed",
        expected:
            "select event_id, date '2024-03-03' as until_day, numeric '3' as scaled from fixture.events where event_at >= timestamp '2024-03-01 12:00:00+00' and event_name = 'purchase'",
        tables: [events],
    },
    {
        name: "EXECUTE IMMEDIATE with USING and INTO, ASSERT, session label and table options as notes",
        script: `declare purchases int64;
set @@query_label = 'team:tracking';
execute immediate 'select count(*) from fixture.events where event_name = ?' into purchases using 'purchase';
assert purchases = 2 as 'two purchases';
execute immediate concat('create or replace table fixture.', 'answer', ' as select @n as n') using purchases * 21 as n;
alter table fixture.answer set options (description = 'the answer');`,
        check: "select * from fixture.answer",
        expected: "select 42 as n",
        tables: [events],
    },
    {
        name: "wildcard table with _TABLE_SUFFIX (querying-wildcard-tables)",
        script: `create or replace table fixture.events_20240301 as select event_id, event_name from fixture.events where date(event_at) = '2024-03-01';
create or replace table fixture.events_20240302 as select event_id, event_name from fixture.events where date(event_at) = '2024-03-02';
create or replace table fixture.events_20240303 as select event_id, event_name from fixture.events where date(event_at) = '2024-03-03';
create or replace table fixture.sharded as
  select *, _table_suffix as suffix from \`fixture.events_*\` where _TABLE_SUFFIX between '20240302' and '20240303';`,
        check: "select * from fixture.sharded",
        expected:
            "select event_id, event_name, format_date('%Y%m%d', date(event_at)) as suffix from fixture.events where date(event_at) between '2024-03-02' and '2024-03-03'",
        tables: [events],
    },
];
