/**
 * BigQuery <-> DuckDB column types. BigQuery TIMESTAMP is an instant
 * (TIMESTAMPTZ, always read with TimeZone=UTC); DATETIME is a wall-clock time.
 */

const scalarToDuckDb: Record<string, string> = {
    STRING: "VARCHAR",
    INT64: "BIGINT",
    FLOAT64: "DOUBLE",
    NUMERIC: "DECIMAL(38,9)",
    BOOL: "BOOLEAN",
    DATE: "DATE",
    DATETIME: "TIMESTAMP",
    TIMESTAMP: "TIMESTAMPTZ",
    TIME: "TIME",
    JSON: "JSON",
    BYTES: "BLOB",
    INTERVAL: "INTERVAL",
};

/** A BigQuery type as GoogleSQL spells it (INT64, ARRAY<STRUCT<a INT64>>) to a DuckDB type. */
export function duckdbTypeFor(bigQueryType: string): string {
    const type = bigQueryType.trim();
    const upper = type.toUpperCase();
    if (upper.startsWith("ARRAY<")) return `${duckdbTypeFor(innerOf(type))}[]`;
    if (upper.startsWith("STRUCT<")) {
        const fields = splitTopLevel(innerOf(type)).map((field) => {
            const match = /^\s*(`[^`]+`|\w+)\s+(.+)$/s.exec(field);
            if (!match) throw new Error(`unnamed STRUCT field in ${bigQueryType}`);
            return `"${match[1].replaceAll("`", "").replaceAll('"', '""')}" ${duckdbTypeFor(match[2])}`;
        });
        return `STRUCT(${fields.join(", ")})`;
    }
    const base = upper.replace(/\(.*\)$/, "");
    const duckType = scalarToDuckDb[base];
    if (!duckType) throw new Error(`no DuckDB type for BigQuery type ${bigQueryType}`);
    return duckType;
}

const scalarToBigQuery: [RegExp, string][] = [
    [/^(VARCHAR|TEXT|STRING|CHAR|BPCHAR|UUID|ENUM.*)$/, "STRING"],
    [/^(BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT|INT\d*|LONG)$/, "INT64"],
    [/^(DOUBLE|FLOAT|REAL|FLOAT\d*)$/, "FLOAT64"],
    [/^(DECIMAL|NUMERIC)(\(.*\))?$/, "NUMERIC"],
    [/^(BOOLEAN|BOOL)$/, "BOOL"],
    [/^DATE$/, "DATE"],
    [/^(TIMESTAMP|DATETIME|TIMESTAMP_(S|MS|NS))$/, "DATETIME"],
    [/^(TIMESTAMPTZ|TIMESTAMP WITH TIME ZONE)$/, "TIMESTAMP"],
    [/^TIME$/, "TIME"],
    [/^JSON$/, "JSON"],
    [/^(BLOB|BYTEA|VARBINARY)$/, "BYTES"],
    [/^INTERVAL$/, "INTERVAL"],
];

/** A DuckDB type as DuckDB prints it (BIGINT, STRUCT("a" INTEGER)[]) to the BigQuery type. */
export function bigQueryTypeFor(duckdbType: string): string {
    const type = duckdbType.trim();
    const upper = type.toUpperCase();
    if (upper.endsWith("[]")) return `ARRAY<${bigQueryTypeFor(type.slice(0, -2))}>`;
    if (/^(STRUCT|ROW)\(/.test(upper)) {
        const fields = splitTopLevel(type.slice(type.indexOf("(") + 1, -1)).map((field) => {
            const match = /^\s*("(?:[^"]|"")*"|\w+)\s+(.+)$/s.exec(field);
            if (!match) throw new Error(`cannot read STRUCT field ${field} of ${duckdbType}`);
            const name = match[1].startsWith('"') ? match[1].slice(1, -1).replaceAll('""', '"') : match[1];
            return `${name} ${bigQueryTypeFor(match[2])}`;
        });
        return `STRUCT<${fields.join(", ")}>`;
    }
    const found = scalarToBigQuery.find(([pattern]) => pattern.test(upper));
    if (!found) throw new Error(`no BigQuery type for DuckDB type ${duckdbType}`);
    return found[1];
}

/** The text between the outer <...> of ARRAY<...> / STRUCT<...>. */
function innerOf(type: string): string {
    return type.slice(type.indexOf("<") + 1, type.lastIndexOf(">"));
}

/** Splits on commas outside <>, () and quotes. */
export function splitTopLevel(text: string): string[] {
    const parts: string[] = [];
    let depth = 0;
    let quote = "";
    let current = "";
    for (const char of text) {
        if (quote) {
            if (char === quote) quote = "";
        } else if (char === '"' || char === "`") {
            quote = char;
        } else if ("<(".includes(char)) {
            depth++;
        } else if (">)".includes(char)) {
            depth--;
        } else if (char === "," && depth === 0) {
            parts.push(current);
            current = "";
            continue;
        }
        current += char;
    }
    if (current.trim()) parts.push(current);
    return parts;
}
