import { parse, Dialect } from "@polyglot-sql/sdk";
const q: any = parse("select array_agg(nullif(x, 2) ignore nulls order by x) as b from t", Dialect.BigQuery);
const a = q.ast[0].select.expressions[0].alias.this;
console.log(Object.keys(a), Object.keys(a.array_agg), a.array_agg.ignore_nulls);
