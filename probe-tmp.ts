import { DuckDBInstance } from "@duckdb/node-api";
const db = await DuckDBInstance.create(":memory:");
const c = await db.connect();
for (const sql of [
  `select row_number() over () as n, json, json_type(json) as t from read_ndjson_objects('/tmp/ld/t3.ndjson', ignore_errors=true)`,
]) {
  try { const r = await c.runAndReadAll(sql); console.log(JSON.stringify(r.getRows(), (k, v) => typeof v === "bigint" ? String(v) : v)); } catch (e) { console.log("ERR", (e as Error).message.slice(0, 300)); }
}
