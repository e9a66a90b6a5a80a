import { parse, generate, Dialect } from "@polyglot-sql/sdk";
for (const q of process.argv.slice(2)) {
const r = parse(q, Dialect.BigQuery);
if (!r.success) { console.log(r.error); continue; }
console.log(generate(r.ast, Dialect.DuckDB).sql, generate(r.ast, Dialect.BigQuery).sql);
}
const g = generate([{select: {expressions: [{function: {name: "bq_x", args: [{literal: {literal_type: "number", value: "1"}}]}}]}}], Dialect.DuckDB);
console.log(g);
