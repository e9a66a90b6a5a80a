import type { Target } from "../engine.ts";

/**
 * How BigQuery names map into the one DuckDB warehouse file: the file is
 * attached as catalog "dwh", the dataset becomes the DuckDB schema and the
 * table keeps its name; the project is dropped (a warehouse holds one Dataform
 * project, and the planner refuses two targets that differ only by project).
 * So `proj.marts.fct_orders`, `marts.fct_orders` and the target
 * {database: "proj", schema: "marts", name: "fct_orders"} are all
 * "dwh"."marts"."fct_orders". Names are always fully qualified, so no dataset
 * name can be mistaken for a DuckDB catalog ("memory", "temp", "system").
 */
export const WAREHOUSE_CATALOG = "dwh";

export interface DuckDbPath {
    catalog: string;
    schema: string;
    name: string;
}

export function duckdbName(target: Target): string {
    return [WAREHOUSE_CATALOG, target.schema, target.name].map(quoteIdentifier).join(".");
}

/** Parts of a BigQuery table path (`p.d.t`, `d.t`, or already split) to its place in the warehouse. */
export function duckdbPath(parts: string[]): DuckDbPath {
    const flat = parts.flatMap((part) => part.split("."));
    const informationSchema = flat.length >= 2 && flat.at(-2)!.toUpperCase() === "INFORMATION_SCHEMA";
    if (flat.length < 2 || flat.length > (informationSchema ? 4 : 3) || flat.some((part) => part === "")) {
        throw new Error(`table name ${JSON.stringify(parts.join("."))} must be dataset.table or project.dataset.table`);
    }
    const [schema, name] = flat.slice(-2);
    if (informationSchema) {
        // `dataset.INFORMATION_SCHEMA.TABLES` reads one dataset; `region-us.` or no qualifier, every dataset (information-schema.ts).
        const qualifier = flat.length >= 3 ? flat.at(-3) : undefined;
        const dataset = qualifier && !qualifier.toLowerCase().startsWith("region-") ? qualifier : undefined;
        return { catalog: "temp", schema: "main", name: informationSchemaTable(name, dataset) };
    }
    return { catalog: WAREHOUSE_CATALOG, schema, name };
}

/** A DuckDB string literal. */
export function sqlText(text: string): string {
    return `'${text.replaceAll("'", "''")}'`;
}

export function quoteIdentifier(name: string): string {
    return `"${name.replaceAll('"', '""')}"`;
}

/** The temporary table behind `[dataset.]INFORMATION_SCHEMA.<view>` (information-schema.ts fills it). */
export function informationSchemaTable(view: string, dataset?: string): string {
    return `bq_information_schema_${view.toLowerCase()}${dataset ? `__${dataset}` : ""}`;
}
