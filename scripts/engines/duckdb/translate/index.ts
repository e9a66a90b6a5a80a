import type { DuckDBConnection } from "@duckdb/node-api";
import { init } from "@polyglot-sql/sdk";
import { isObject, kindOf, mapTree, type Json, type JsonObject } from "./ast.ts";
import { SqlSyntaxError, UnsupportedSqlError } from "../../errors.ts";
import { explicitNullOrder, handlers, prepare, valueTableKind } from "./expressions.ts";
import { mapTableReference, withWarehouseTables } from "./tables.ts";
import type { WildcardTable } from "../../wildcard.ts";
import { columnDefinition } from "./statements.ts";
import { PolyglotThread } from "./polyglot-thread.ts";
import { regroupLongUnions } from "./unions.ts";
import { decodeUnicodeEscapes } from "./escapes.ts";
import { DiskCache, versionOf } from "../../disk-cache.ts";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export { UnsupportedSqlError } from "../../errors.ts";
import { duckdbMacros } from "./macros.ts";
import { registerDuckDbFunctions } from "./udfs.ts";
export { refusedFunctions, supportedFunctions } from "./functions.ts";

/** Installs the functions the translated SQL calls on a connection: JavaScript functions first, as macros bind them. */
export async function installBigQueryFunctions(connection: DuckDBConnection): Promise<void> {
    registerDuckDbFunctions(connection);
    for (const macro of duckdbMacros()) await connection.run(macro);
}

/** Turns BigQuery SQL into DuckDB SQL that computes the same result, or refuses. */
export interface Translator {
    /** One or more `;`-separated BigQuery statements to DuckDB SQL text. */
    toDuckDb(bigQuerySql: string, options?: TranslateOptions): string;
}

let loaded: Promise<Translator> | undefined;

/**
 * The translator's version: the text of every file of this folder and polyglot's version. A translation
 * depends on nothing else (a wildcard table's, which depends on the warehouse, is never cached).
 */
function translatorVersion(): string {
    const folder = fileURLToPath(new URL(".", import.meta.url));
    const files = readdirSync(folder)
        .filter((name) => /\.(ts|mjs)$/.test(name))
        .sort()
        .map((name) => folder + name);
    // The package exports no package.json: it is read beside the entry point's folders.
    const entry = createRequire(import.meta.url).resolve("@polyglot-sql/sdk");
    const manifest = join(entry.slice(0, entry.lastIndexOf("@polyglot-sql/sdk") + "@polyglot-sql/sdk".length), "package.json");
    return versionOf([...files, manifest]);
}

/**
 * Loads polyglot's wasm once; the translator caches translations by SQL text, in memory and on disk
 * (.local/cache): polyglot's first translations in a process are slow while its code warms up (about 2.5 s
 * of the demo's graph), and a run mostly sends the statements the last one sent.
 */
export function loadTranslator(): Promise<Translator> {
    // init() serves the small snippets parsed on this thread (ast.ts); whole statements go to the thread.
    loaded ??= init().then(() => {
        let polyglot: PolyglotThread | undefined;
        const cache = new Map<string, string>();
        const disk = new DiskCache("translations", translatorVersion(), 5_000);
        const translateNow = (bigQuerySql: string, options: TranslateOptions) =>
            translate((polyglot ??= PolyglotThread.start()), bigQuerySql, options);
        return {
            toDuckDb(bigQuerySql: string, options: TranslateOptions = {}): string {
                // A wildcard table's translation depends on the warehouse's tables at the time: never cached.
                if (options.tables) return translateNow(bigQuerySql, options);
                const key = `${options.query ? "query" : "any"}\u0000${bigQuerySql}`;
                let duckdbSql = cache.get(key) ?? disk.get(key);
                if (duckdbSql === undefined) {
                    duckdbSql = translateNow(bigQuerySql, options);
                    disk.set(key, duckdbSql);
                }
                cache.set(key, duckdbSql);
                return duckdbSql;
            },
        };
    });
    return loaded;
}

/** Statement kinds DuckDB runs once translated; anything else is refused by name, never passed through. */
const QUERY_KINDS = new Set(["select", "subquery", "union", "except", "intersect"]);
const STATEMENT_KINDS = new Set([
    ...QUERY_KINDS,
    "insert",
    "update",
    "delete",
    "merge",
    "create_table",
    "create_view",
    "create_schema",
    "drop_table",
    "drop_view",
    "drop_schema",
    "truncate",
]);

export interface TranslateOptions {
    /** Only one query is allowed (a query, or the query of CREATE TABLE AS, a view or an insert). */
    query?: boolean;
    /** The warehouse's tables with their columns, for wildcard tables (`dataset.events_*`). */
    tables?: WildcardTable[];
}

/** Whether BigQuery SQL may name a wildcard table: a backticked name ending in `*`. */
export function namesWildcardTable(bigQuerySql: string): boolean {
    return /\*`/.test(bigQuerySql);
}

function translate(polyglot: PolyglotThread, bigQuerySql: string, options: TranslateOptions): string {
    // BigQuery allows INSERT without INTO; polyglot does not.
    // polyglot drops RESPECT NULLS, which changes APPROX_QUANTILES (whose default ignores NULLs).
    if (/approx_quantiles\s*\([^;]*\brespect\s+nulls\b/i.test(bigQuerySql))
        throw new UnsupportedSqlError("APPROX_QUANTILES with RESPECT NULLS");
    const sql = decodeUnicodeEscapes(bigQuerySql).replace(/^(\s*insert)(?!\s+into\b)(?=\s)/i, "$1 into");
    let parsed = polyglot.parse(sql);
    // A very long UNION ALL chain exceeds polyglot's nesting limit: regrouped into chunks (unions.ts).
    if (!parsed.success && /AST_DEPTH/.test(String(parsed.error))) parsed = polyglot.parse(regroupLongUnions(sql));
    if (!parsed.success) throw syntaxError(parsed.error ?? "");
    const statements = parsed.ast as Json[];
    if (options.query && statements.length !== 1)
        throw new UnsupportedSqlError(`${statements.length} statements where one query is expected`);
    for (const statement of statements) checkStatementKind(statement, options);
    const translated = withWarehouseTables(options.tables, () => statements.map((statement) => mapTree(statement, rewriteObject, prepare)));
    const generated = polyglot.generate(translated);
    if (!generated.success || !generated.sql) throw new Error(`DuckDB SQL generation failed: ${generated.error}`);
    return generated.sql.join(";\n");
}

function checkStatementKind(statement: Json, options: TranslateOptions): void {
    const kind = kindOf(statement) ?? "";
    const allowed = options.query ? QUERY_KINDS : STATEMENT_KINDS;
    if (!allowed.has(kind))
        throw new UnsupportedSqlError(
            `statement ${kind.replace(/_/g, " ").toUpperCase() || "of unknown kind"}${options.query ? " where a query is expected" : ""}`,
        );
    const valueTable = valueTableKind(statement);
    if (valueTable) throw new UnsupportedSqlError(`SELECT AS ${valueTable} as a whole query (a value table)`);
    const create = (statement as JsonObject).create_table;
    const like =
        isObject(create) && Array.isArray(create.constraints) && create.constraints.some((item) => isObject(item) && "Like" in item);
    if (isObject(create) && (create.clone_source != null || like)) {
        throw new UnsupportedSqlError("CREATE TABLE ... LIKE, CLONE or COPY");
    }
}

/** One bottom-up step: table paths, typed expression nodes, ORDER BY items. */
function rewriteObject(object: JsonObject): Json {
    const kind = kindOf(object);
    // A wildcard table became a subquery (tables.ts).
    if (kind === "table" && isObject(object.table) && "__wildcard" in object.table) return object.table.__wildcard;
    const handler = kind === undefined ? undefined : handlers[kind];
    if (handler) return handler(object[kind!] as JsonObject);
    return columnDefinition(explicitNullOrder(mapTableReference(object)));
}

/** polyglot's "Parse error at line 1, column 8: Unexpected token" as a syntax error at 1:8. */
function syntaxError(error: string): SqlSyntaxError {
    const match = /^(?:Parse|Tokenization) error at line (\d+), column (\d+):\s*(.*)$/s.exec(error);
    if (!match) return new SqlSyntaxError(error.replace(/^(?:Parse|Tokenization) error:?\s*/, ""));
    return new SqlSyntaxError(match[3], Number(match[1]), Number(match[2]));
}
