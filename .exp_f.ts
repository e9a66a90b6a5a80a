import { parse, Dialect } from "@polyglot-sql/sdk";
const strip = (v: any): any => Array.isArray(v) ? v.map(strip) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).filter(([k, x]) => !["span","trailing_comments","quoted","join_mark","left_comments","operator_comments","inferred_type","leading_comments","pre_alias_comments"].includes(k) && x !== null && !(Array.isArray(x) && x.length === 0) && x !== false).map(([k, x]) => [k, strip(x)])) : v;
for (const q of process.argv.slice(2)) {
  const r = parse(q, Dialect.BigQuery);
  if (!r.success) { console.log(q, "ERR", r.error); continue; }
  console.log(q, "=>", JSON.stringify(strip(r.ast)));
}
