/**
 * DuckDB's errors in the user's terms. DuckDB reports on the translated SQL:
 * its error class ("Binder Error:"), the warehouse catalog ("dwh"), scratch
 * tables of a merge, and a position in SQL the user never wrote. What comes
 * out names tables as dataset.table and points into the user's BigQuery SQL
 * (line:col of the first occurrence of the name the error is about).
 */
import { SqlError, UnsupportedSqlError } from "../errors.ts";
import { WAREHOUSE_CATALOG } from "./naming.ts";

const KINDS: [RegExp, string][] = [
    [/^Binder Error: /, ""],
    [/^Catalog Error: /, ""],
    [/^Parser Error: /, "syntax error: "],
    [/^Conversion Error: /, "conversion error: "],
    [/^Invalid Input Error: /, "invalid input: "],
    [/^Out of Range Error: /, "out of range: "],
    [/^Constraint Error: /, "constraint violated: "],
    [/^Dependency Error: /, ""],
    [/^Not implemented Error: /, "not supported locally: "],
    [/^[A-Za-z ]+ Error: /, ""],
];

/** The same error with the user's names and position; errors that are already the user's pass through. */
export function explainDuckDbError(error: unknown, bigQuerySql: string): unknown {
    if (!(error instanceof Error) || error instanceof SqlError || error instanceof UnsupportedSqlError) return error;
    if (!/^[A-Za-z ]+ Error: /.test(error.message)) return error;
    // DuckDB's context lines ("LINE 1: SELECT ...", a caret) show the translated SQL, not the user's.
    let message = error.message.split(/\n\s*\nLINE \d+:/)[0].trim();
    for (const [pattern, replacement] of KINDS) {
        if (pattern.test(message)) {
            // A refusal raised inside DuckDB (by a function of the translation) keeps its own words.
            message = message.replace(pattern, /^[A-Za-z ]+ Error: BigQuery construct/.test(message) ? "" : replacement);
            break;
        }
    }
    const [summary, ...details] = userNames(message)
        .split("\n")
        .map((line) => line.replace(/!$/, "").trim())
        .filter(Boolean);
    const subject = subjectOf(summary);
    const position = subject === undefined ? undefined : positionOf(subject, bigQuerySql);
    return new SqlError(summary, position?.line, position?.column, details.join("; ") || undefined, { cause: error });
}

/** Names as the user wrote them: no catalog, no scratch tables, no DuckDB-only wording. */
function userNames(message: string): string {
    return message
        .replace(/Table with name "?bq_information_schema_[a-z]+__([^"\s]+?)"? does not exist[\s\S]*/, "dataset $1 not found")
        .replace(new RegExp(`"?${WAREHOUSE_CATALOG}"?\\.`, "g"), "")
        .replace(/"([^"]+)"\."([^"]+)"/g, "$1.$2")
        .replace(
            /__dataform_(source|matches)_([A-Za-z0-9_]+?)_\d+_\d+/g,
            (_, role: string, table: string) => `${table} (the ${role === "source" ? "new rows" : "matches"} of a merge)`,
        )
        .replace(
            /Table with name "?([^"\s]+)"? does not exist because schema "?([^"\s]+)"? does not exist\.?/,
            "table $1 not found\nthere is no dataset $2",
        )
        .replace(/Table with name "?([^"\s]+)"? does not exist!?/, "table $1 not found")
        .replace(/Referenced column "([^"]+)" not found in FROM clause!?/, 'column "$1" not found')
        .replace(/Candidate bindings: (.*)/, "did you mean $1?")
        .replace(/Did you mean "([^"]+)"\??/, "did you mean $1?");
}

/** The name an error is about, when it names one. */
function subjectOf(message: string): string | undefined {
    const table = /^(?:table|dataset) (\S+) not found/.exec(message);
    if (table) return table[1].split(".").at(-1);
    return /(?:column|function|name|alias) "([^"]+)"/i.exec(message)?.[1] ?? /"([^"]+)"/.exec(message)?.[1];
}

/** 1-based line and column of the first whole-word occurrence of a name in the SQL, outside string literals and comments. */
export function positionOf(name: string, sql: string): { line: number; column: number } | undefined {
    const masked = sql.replace(/--[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, (text) => " ".repeat(text.length));
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const match = new RegExp(`(?<![A-Za-z0-9_])${escaped}(?![A-Za-z0-9_])`, "i").exec(masked);
    if (!match) return undefined;
    const before = sql.slice(0, match.index).split("\n");
    return { line: before.length, column: before.at(-1)!.length + 1 };
}
