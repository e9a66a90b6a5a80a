/**
 * Analyzer options and catalogs for the ZetaSQL server.
 *
 * The server sets table contents only on tables at the top of the catalog
 * (local_service.cc, RegisteredCatalogState::Create), so a table with rows is
 * registered once under its full dotted name and SQL must call it by that one
 * identifier (`raw.events`); sql-names.ts rewrites other spellings. Schema-only
 * catalogs (Analyze) also get nested catalogs, so `proj`.raw.events resolves
 * without rewriting and error positions stay those of the caller's SQL.
 */
import type { Column, Row } from "../values.ts";
import { encodeValue, type ValueProto } from "./codec.ts";
import type { ZetaSqlServer } from "./server.ts";
import { parseType, toTypeProto, type SqlType, type TypeProto } from "./types.ts";

export interface TableSchema {
    name: string;
    columns: Column[];
    /**
     * Columns EvaluateModify reports as `key` for each UPDATE and DELETE change,
     * which is how deleted rows are identified. Never on an INSERT's target: the
     * server crashes on INSERT into a table with a primary key.
     */
    primaryKey?: string[];
    /** Columns that `SELECT *` leaves out, as a wildcard table's `_TABLE_SUFFIX`. */
    pseudoColumns?: string[];
}

export interface TableData extends TableSchema {
    rows: Row[];
}

interface SimpleTableProto {
    name: string;
    nameInCatalog?: string;
    column: { name: string; type: TypeProto; isPseudoColumn?: boolean }[];
    primaryKeyColumnIndex?: number[];
}

export interface SimpleCatalogProto {
    name?: string;
    table?: SimpleTableProto[];
    catalog?: SimpleCatalogProto[];
    builtinFunctionOptions?: { languageOptions: LanguageOptions };
}

export interface LanguageOptions {
    enabledLanguageFeatures: string[];
    productMode: string;
    supportedStatementKinds: string[];
    [key: string]: unknown;
}

export interface AnalyzerOptions {
    languageOptions: LanguageOptions;
    defaultTimezone: string;
    errorMessageMode: string;
}

/** Features that make ZetaSQL differ from BigQuery when on. */
const DROPPED_FEATURES = new Set([
    // BigQuery timestamps have microsecond precision.
    "FEATURE_TIMESTAMP_NANOS",
]);
/** In-development features BigQuery has; maximum_features leaves them out. */
const ADDED_FEATURES = ["FEATURE_INTERVAL_TYPE"];

const optionsByServer = new WeakMap<ZetaSqlServer, Promise<AnalyzerOptions>>();

/** BigQuery-like analyzer options: maximum features, external product mode, UTC; every statement kind allowed. */
export function analyzerOptions(server: ZetaSqlServer): Promise<AnalyzerOptions> {
    let options = optionsByServer.get(server);
    if (!options) {
        options = server.call<LanguageOptions>("GetLanguageOptions", { maximumFeatures: true }, "GetLanguageOptions").then((maximum) => ({
            languageOptions: {
                ...maximum,
                enabledLanguageFeatures: [
                    ...maximum.enabledLanguageFeatures.filter((feature) => !DROPPED_FEATURES.has(feature)),
                    ...ADDED_FEATURES,
                ],
                productMode: "PRODUCT_EXTERNAL",
                // Empty means every kind; the default allows only queries.
                supportedStatementKinds: [],
            },
            // The server's default is America/Los_Angeles, which shifts DATE(ts).
            defaultTimezone: "UTC",
            // Appends "[at line:column]" to messages.
            errorMessageMode: "ERROR_MESSAGE_ONE_LINE",
        }));
        optionsByServer.set(server, options);
        options.catch(() => optionsByServer.delete(server));
    }
    return options;
}

/** Dotted name without backticks: "`proj.raw`.events" -> ["proj", "raw", "events"]. */
export function nameParts(name: string): string[] {
    return name
        .replace(/`/g, "")
        .split(".")
        .filter((part) => part !== "");
}

export function fullName(name: string): string {
    return nameParts(name).join(".");
}

function columnProtos(table: TableSchema): { types: SqlType[]; protos: SimpleTableProto["column"] } {
    const types = table.columns.map((column) => parseType(column.type));
    const pseudo = new Set(table.pseudoColumns ?? []);
    return {
        types,
        protos: table.columns.map((column, index) => ({
            name: column.name,
            type: toTypeProto(types[index]!),
            ...(pseudo.has(column.name) ? { isPseudoColumn: true } : {}),
        })),
    };
}

/** Catalog plus table contents for EvaluateQuery / EvaluateModify. */
export function dataCatalog(
    tables: TableData[],
    languageOptions: LanguageOptions,
): { simpleCatalog: SimpleCatalogProto; tableContent: Record<string, { tableData: { row: { cell: ValueProto[] }[] } }> } {
    const simpleCatalog: SimpleCatalogProto = { table: [], builtinFunctionOptions: { languageOptions } };
    const tableContent: Record<string, { tableData: { row: { cell: ValueProto[] }[] } }> = {};
    const seen = new Set<string>();
    for (const table of tables) {
        const name = fullName(table.name);
        if (seen.has(name.toLowerCase())) throw new Error(`table ${name} given twice`);
        seen.add(name.toLowerCase());
        const { types, protos } = columnProtos(table);
        simpleCatalog.table!.push({ name, column: protos, primaryKeyColumnIndex: primaryKeyIndexes(table) });
        tableContent[name] = {
            tableData: {
                row: table.rows.map((row, rowIndex) => {
                    const unknown = Object.keys(row).filter((key) => !table.columns.some((column) => column.name === key));
                    if (unknown.length > 0) throw new Error(`${name} row ${rowIndex}: unknown columns ${unknown.join(", ")}`);
                    return {
                        cell: table.columns.map((column, index) =>
                            encodeValue(row[column.name] ?? null, types[index]!, `${name}[${rowIndex}].${column.name}`),
                        ),
                    };
                }),
            },
        };
    }
    return { simpleCatalog, tableContent };
}

function primaryKeyIndexes(table: TableSchema): number[] {
    return (table.primaryKey ?? []).map((key) => {
        const index = table.columns.findIndex((column) => column.name === key);
        if (index < 0) throw new Error(`${table.name}: primary key column ${key} is not a column`);
        return index;
    });
}

/**
 * Schema-only catalog: each table under its full name and under nested
 * catalogs for every way of splitting its name and its dataset-qualified
 * suffix, e.g. proj.raw.events -> `proj.raw.events`, `proj`.raw.events,
 * `proj.raw`.events, `proj`.`raw.events`, raw.events, `raw.events`.
 * A short form two tables share is left out, as it is ambiguous.
 */
export function schemaCatalog(tables: TableSchema[], languageOptions: LanguageOptions): SimpleCatalogProto {
    const root: SimpleCatalogProto = { table: [], catalog: [], builtinFunctionOptions: { languageOptions } };
    const claims = new Map<string, { table: TableSchema; full: boolean }[]>();
    for (const table of tables) {
        const parts = nameParts(table.name);
        const suffixes = parts.length > 2 ? [parts, parts.slice(-2)] : [parts];
        for (const suffix of suffixes) {
            for (const path of groupings(suffix)) {
                const key = path.map((segment) => segment.toLowerCase()).join("\u0000");
                const list = claims.get(key) ?? [];
                list.push({ table, full: suffix === parts });
                claims.set(key, list);
            }
        }
    }
    for (const [key, list] of claims) {
        const winners = list.filter((claim) => claim.full);
        const chosen = winners.length === 1 ? winners[0] : winners.length === 0 && list.length === 1 ? list[0] : undefined;
        if (!chosen) continue;
        const path = key.split("\u0000");
        const originalPath = groupings(nameParts(chosen.table.name).slice(-totalLength(path))).find(
            (candidate) => candidate.join("\u0000").toLowerCase() === key,
        )!;
        let catalog = root;
        for (const segment of originalPath.slice(0, -1)) {
            let child = catalog.catalog!.find((entry) => entry.name!.toLowerCase() === segment.toLowerCase());
            if (!child) {
                child = { name: segment, table: [], catalog: [] };
                catalog.catalog!.push(child);
            }
            catalog = child;
        }
        catalog.table!.push({
            name: fullName(chosen.table.name),
            nameInCatalog: originalPath[originalPath.length - 1]!,
            column: columnProtos(chosen.table).protos,
        });
    }
    return root;
}

function totalLength(path: string[]): number {
    return path.reduce((sum, segment) => sum + segment.split(".").length, 0);
}

/** Every way to group consecutive parts into identifiers: [a,b,c] -> [a.b.c], [a, b.c], [a.b, c], [a, b, c]. */
function groupings(parts: string[]): string[][] {
    if (parts.length <= 1) return [parts];
    const result: string[][] = [];
    for (let split = 1; split <= parts.length; split++) {
        const head = parts.slice(0, split).join(".");
        if (split === parts.length) result.push([head]);
        else for (const rest of groupings(parts.slice(split))) result.push([head, ...rest]);
    }
    return result;
}
