import type { Target } from "../engine.ts";

/**
 * How BigQuery names map into the one DuckDB warehouse file: the dataset
 * becomes the DuckDB schema and the table keeps its name; the project is
 * dropped (a warehouse holds one Dataform project, and the planner refuses two
 * targets that differ only by project). So `proj.marts.fct_orders`,
 * `marts.fct_orders` and the target {database: "proj", schema: "marts",
 * name: "fct_orders"} are all "marts"."fct_orders".
 */
export function duckdbName(target: Target): string {
  return `${quoteIdentifier(target.schema)}.${quoteIdentifier(target.name)}`;
}

/** Parts of a BigQuery table path (`p.d.t`, `d.t`, or already split) to a DuckDB name. */
export function duckdbNameFromPath(parts: string[]): string {
  const flat = parts.flatMap((part) => part.split("."));
  if (flat.length < 2 || flat.length > 3 || flat.some((part) => part === "")) {
    throw new Error(`table name ${JSON.stringify(parts.join("."))} must be dataset.table or project.dataset.table`);
  }
  const [schema, name] = flat.slice(-2);
  return duckdbName({ schema, name });
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
