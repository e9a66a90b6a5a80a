import { parse, generate, transpile, Dialect } from "@polyglot-sql/sdk";
const sql = process.argv[2];
const t0 = performance.now();
const r = parse(sql, Dialect.BigQuery);
console.log(performance.now()-t0);
if (!r.success) { console.log(r.error); process.exit(1); }
console.log(JSON.stringify(r.ast, null, 1).slice(0, Number(process.argv[3] ?? 4000)));
const g = generate(r.ast, Dialect.DuckDB);
console.log(g);
console.log(transpile(sql, Dialect.BigQuery, Dialect.DuckDB));
