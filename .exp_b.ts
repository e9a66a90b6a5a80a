import { parse, generate, transpile, Dialect } from "@polyglot-sql/sdk";
const qs = [
 "select cast(x as int64), cast(y as string), cast(z as float64), cast(n as numeric), safe_cast(a as int64) from t",
 "select * except (a) replace (b+1 as b) from `p.d.t`",
 "select x, off from unnest([1,2]) as x with offset as off",
 "select struct(a, b as c), struct<x int64, y string>(1,'a') from t",
 "select arr[offset(0)], arr[safe_offset(1)], f(x)[ordinal(1)], t.arr[offset(1)] from t",
 "select array_agg(x ignore nulls order by k limit 1)[offset(0)] from t",
 "select countif(a), logical_and(b), any_value(c), approx_count_distinct(d) from t group by 1",
 "select timestamp_diff(a, b, minute), date_diff(a, b, day), date_trunc(d, week(monday)), timestamp_trunc(ts, day, 'Europe/Paris') from t",
 "select extract(dayofweek from d), date_add(d, interval 1 day), d + interval 1 day, format_timestamp('%Y', ts), parse_timestamp('%Y-%m-%d', s, 'UTC') from t",
 "select safe.parse_date('%Y', s), if(a, 1, 2), ifnull(a,b), div(a,b), mod(a,b), safe_divide(a,b), a/b from t",
 "select first_value(x ignore nulls) over (partition by a order by b rows between unbounded preceding and current row) from t qualify row_number() over (partition by a order by b) = 1",
 "create or replace table `p.d.t` as select 1 as a",
 "insert into d.t (a) select 1",
 "merge d.t as T using (select 1 as a) as S on T.a = S.a when matched then update set a = S.a when not matched then insert (a) values (a)",
 "select regexp_contains(s, r'a\\d'), regexp_extract(s, r'utm=([^&]+)'), regexp_replace(s, 'a', 'b'), concat(a, b), split(s, ','), to_hex(sha256(s)) from t",
 "select json_extract_scalar(p, '$.a'), json_query(p, '$.a'), json_extract_array(p, '$.a'), json_value_array(p, '$.a'), p.a.b from t",
 "select date(ts, 'Europe/Paris'), datetime(ts, 'Europe/Paris'), timestamp('2024-01-01 00:00:00', 'Europe/Paris'), timestamp_millis(x), unix_millis(ts), current_date(), current_timestamp() from t",
 "select generate_date_array(d1, d2, interval 1 day), generate_array(1, 5), substr(s, -2, 1), strpos(s, 'a'), starts_with(s, 'a') from t order by a, b desc",
];
for (const q of qs) {
  const r = parse(q, Dialect.BigQuery);
  if (!r.success) { console.log("PARSE ERR", q, r.error); continue; }
  console.log("Q  ", q);
  console.log("GEN", generate(r.ast, Dialect.DuckDB).sql?.join(";"));
  console.log("TR ", transpile(q, Dialect.BigQuery, Dialect.DuckDB).sql?.join(";"));
}
