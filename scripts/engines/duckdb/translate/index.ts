import type { DuckDBConnection } from "@duckdb/node-api";
import { init } from "@polyglot-sql/sdk";
import { kindOf, mapTree, type Json, type JsonObject } from "./ast.ts";
import { SqlSyntaxError } from "../../errors.ts";
import { explicitNullOrder, handlers, prepare } from "./expressions.ts";
import { mapTableReference } from "./tables.ts";
import { columnDefinition } from "./statements.ts";
import { PolyglotThread } from "./polyglot-thread.ts";

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
    toDuckDb(bigQuerySql: string): string;
}

let loaded: Promise<Translator> | undefined;

/** Loads polyglot's wasm once; the translator caches translations by SQL text. */
export function loadTranslator(): Promise<Translator> {
    // init() serves the small snippets parsed on this thread (ast.ts); whole statements go to the thread.
    loaded ??= init().then(() => {
        const polyglot = PolyglotThread.start();
        const cache = new Map<string, string>();
        return {
            toDuckDb(bigQuerySql: string): string {
                let duckdbSql = cache.get(bigQuerySql);
                if (duckdbSql === undefined) {
                    duckdbSql = translate(polyglot, bigQuerySql);
                    cache.set(bigQuerySql, duckdbSql);
                }
                return duckdbSql;
            },
        };
    });
    return loaded;
}

function translate(polyglot: PolyglotThread, bigQuerySql: string): string {
    const parsed = polyglot.parse(bigQuerySql);
    if (!parsed.success) throw syntaxError(parsed.error ?? "");
    const statements = (parsed.ast as Json[]).map((statement) => mapTree(statement, rewriteObject, prepare));
    const generated = polyglot.generate(statements);
    if (!generated.success || !generated.sql) throw new Error(`DuckDB SQL generation failed: ${generated.error}`);
    return generated.sql.join(";\n");
}

/** One bottom-up step: table paths, typed expression nodes, ORDER BY items. */
function rewriteObject(object: JsonObject): Json {
    const kind = kindOf(object);
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
