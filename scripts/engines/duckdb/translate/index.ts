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

/** Loads polyglot's wasm once; the translator caches translations by SQL text. */
export function loadTranslator(): Promise<Translator> {
    // init() serves the small snippets parsed on this thread (ast.ts); whole statements go to the thread.
    loaded ??= init().then(() => {
        const polyglot = PolyglotThread.start();
        const cache = new Map<string, string>();
        return {
            toDuckDb(bigQuerySql: string, options: TranslateOptions = {}): string {
                // A wildcard table's translation depends on the warehouse's tables at the time: never cached.
                if (options.tables) return translate(polyglot, bigQuerySql, options);
                const key = `${options.query ? "query" : "any"}\u0000${bigQuerySql}`;
                let duckdbSql = cache.get(key);
                if (duckdbSql === undefined) {
                    duckdbSql = translate(polyglot, bigQuerySql, options);
                    cache.set(key, duckdbSql);
                }
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
