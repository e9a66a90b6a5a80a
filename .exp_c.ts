import { parse, Dialect } from "@polyglot-sql/sdk";
const fns = process.argv.slice(2);
const strip = (v: any): any => Array.isArray(v) ? v.map(strip) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).filter(([k, x]) => !["span","trailing_comments","quoted","join_mark","left_comments","operator_comments","inferred_type"].includes(k) && x !== null && !(Array.isArray(x) && x.length === 0) && x !== false).map(([k, x]) => [k, strip(x)])) : v;
for (const f of fns) {
  const r = parse(`select ${f}`, Dialect.BigQuery);
  if (!r.success) { console.log(f, "ERR", r.error); continue; }
  const e = (r.ast[0] as any).select.expressions[0];
  console.log(f, "=>", JSON.stringify(strip(e)));
}
