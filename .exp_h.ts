import { parse, generate, Dialect } from "@polyglot-sql/sdk";
const r: any = parse("select cast(x as int64), y from t", Dialect.BigQuery);
r.ast[0].select.expressions[0].cast.to = { data_type: "custom", name: 'STRUCT("a b" DECIMAL(38,9), c VARCHAR[])' };
r.ast[0].select.expressions[1].column.name.quoted = true;
console.log(generate(r.ast, Dialect.DuckDB));
const q: any = parse("select array_agg(x) filter (where x is not null), list_slice(a, 1, 2), a[1:2], count(*) from t order by a nulls first", Dialect.DuckDB);
console.log(JSON.stringify(q.ast[0].select.expressions[0]).slice(0, 600));
console.log(JSON.stringify(q.ast[0].select.order_by));
console.log(generate(q.ast, Dialect.DuckDB));
