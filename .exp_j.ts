import { loadTranslator, duckdbMacros } from "./scripts/engines/duckdb/translate/index.ts";
import { DuckDBInstance } from "@duckdb/node-api";
const t = await loadTranslator();
const inst = await DuckDBInstance.create(":memory:");
const c = await inst.connect();
await c.run("SET TimeZone='UTC'");
for (const m of duckdbMacros()) { try { await c.run(m); } catch (e) { console.log("MACRO ERR", m.slice(0, 80), (e as Error).message); } }
for (const q of process.argv.slice(2)) {
  try {
    const d = t.toDuckDb(q);
    console.log("DUCK:", d);
    const r = await c.runAndReadAll(d);
    console.log("  =>", JSON.stringify(r.getRowObjectsJson()), r.columnTypes().map(String).join(","));
  } catch (e) { console.log("  ERR", (e as Error).message); }
}
