import { generate, Dialect } from "@polyglot-sql/sdk";
import { expr, call } from "./scripts/engines/duckdb/translate/ast.ts";
const n = expr("case when $1 = 0 then error('x') else $0 / $1 end", call("bq_a", [expr("1")]), expr("b"));
console.log(JSON.stringify(n));
console.log(generate([{select: {...(expr("(select 1)") as any).subquery.this.select, expressions: [n]}}], Dialect.DuckDB));
