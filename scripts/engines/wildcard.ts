import { UnsupportedSqlError } from "./errors.ts";
import type { Column } from "./values.ts";

/**
 * Wildcard tables: `dataset.events_*` reads every table of the dataset whose
 * name starts with `events_`, with the pseudo-column `_TABLE_SUFFIX` holding
 * the rest of each table's name (`SELECT *` leaves it out). BigQuery gives the
 * wildcard the schema of the most recently created table; locally the tables
 * must all have the same columns, so that no choice arises, and a wildcard
 * over tables whose columns differ is refused. Views never match.
 * https://cloud.google.com/bigquery/docs/querying-wildcard-tables
 */
export const TABLE_SUFFIX = "_TABLE_SUFFIX";

export interface WildcardTable {
    schema: string;
    name: string;
    columns: Column[];
}

/** The dataset and prefix of a wildcard path (`p.d.events_*`, `d.events_*`), or undefined for another path. */
export function wildcardOf(path: string[]): { schema: string; prefix: string } | undefined {
    const parts = path.flatMap((part) => part.split("."));
    const last = parts.at(-1);
    if (!last?.endsWith("*") || parts.length < 2 || parts.length > 3) return undefined;
    const prefix = last.slice(0, -1);
    if (prefix.includes("*")) throw new UnsupportedSqlError(`wildcard table ${parts.join(".")} with * other than at the end`);
    return { schema: parts.at(-2)!, prefix };
}

/** The tables a wildcard reads, each with its suffix, and their common columns; refuses differing schemas. */
export function expandWildcard(
    path: string[],
    tables: WildcardTable[],
): { matches: { table: WildcardTable; suffix: string }[]; columns: Column[] } | undefined {
    const wildcard = wildcardOf(path);
    if (!wildcard) return undefined;
    const name = `${wildcard.schema}.${wildcard.prefix}*`;
    const matches = tables
        .filter(
            (table) =>
                table.schema.toLowerCase() === wildcard.schema.toLowerCase() &&
                table.name.toLowerCase().startsWith(wildcard.prefix.toLowerCase()) &&
                table.name.length > wildcard.prefix.length,
        )
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .map((table) => ({ table, suffix: table.name.slice(wildcard.prefix.length) }));
    if (matches.length === 0) throw new Error(`Not found: Table ${name} (the wildcard matches no table)`);
    const shape = (columns: Column[]) => columns.map((column) => `${column.name.toLowerCase()} ${column.type}`).join(", ");
    const columns = matches[0]!.table.columns;
    const differing = matches.find((match) => shape(match.table.columns) !== shape(columns));
    if (differing) {
        throw new UnsupportedSqlError(
            `wildcard table ${name} over tables whose columns differ (${matches[0]!.table.name}, ${differing.table.name}): BigQuery reads them with the newest table's schema`,
        );
    }
    if (columns.some((column) => column.name.toLowerCase() === TABLE_SUFFIX.toLowerCase())) {
        throw new UnsupportedSqlError(`wildcard table ${name} over tables with a column named ${TABLE_SUFFIX}`);
    }
    return { matches, columns };
}
