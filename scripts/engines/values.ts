/**
 * The one shape rows take between engines, tests and commands, so that a
 * DuckDB result and a ZetaSQL result compare with plain deep equality.
 *
 * Canonical form of each BigQuery type:
 *   NULL                    null
 *   BOOL                    boolean
 *   INT64                   string, decimal ("42"); strings keep all 64 bits
 *   FLOAT64                 number (NaN and +-Infinity included)
 *   NUMERIC, BIGNUMERIC     string, decimal without trailing zeros ("12.5", "-3", "0")
 *   STRING                  string
 *   BYTES                   string, base64
 *   DATE                    "YYYY-MM-DD"
 *   DATETIME                "YYYY-MM-DDTHH:MM:SS.ffffff"
 *   TIME                    "HH:MM:SS.ffffff"
 *   TIMESTAMP               "YYYY-MM-DDTHH:MM:SS.ffffffZ" (UTC, always 6 fraction digits)
 *   JSON                    string: the JSON text with object keys sorted, no spaces
 *   ARRAY<T>                SqlValue[]
 *   STRUCT<...>             { field: SqlValue, ... } in field order
 */
export type SqlValue = null | boolean | number | string | SqlValue[] | { [field: string]: SqlValue };

export type Row = Record<string, SqlValue>;

/** A column with its BigQuery type as GoogleSQL spells it: INT64, NUMERIC, ARRAY<STRUCT<a INT64, b STRING>>. */
export interface Column {
    name: string;
    type: string;
}

export interface QueryResult {
    columns: Column[];
    rows: Row[];
}

/** Normalizes a decimal string: "012.500" -> "12.5", "-0.0" -> "0", "1e3" is refused. */
export function canonicalDecimal(text: string): string {
    const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
    if (!match || (match[2] === "" && (match[3] ?? "") === "")) {
        throw new Error(`not a decimal number: ${JSON.stringify(text)}`);
    }
    const integer = match[2].replace(/^0+(?=\d)/, "") || "0";
    const fraction = (match[3] ?? "").replace(/0+$/, "");
    const magnitude = fraction ? `${integer}.${fraction}` : integer;
    const isZero = /^0(\.0*)?$/.test(magnitude);
    return match[1] === "-" && !isZero ? `-${magnitude}` : magnitude;
}

/** JSON text with object keys sorted and no whitespace. */
export function canonicalJson(text: string): string {
    const sortKeys = (value: unknown): unknown => {
        if (Array.isArray(value)) return value.map(sortKeys);
        if (value && typeof value === "object") {
            return Object.fromEntries(
                Object.keys(value)
                    .sort()
                    .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
            );
        }
        return value;
    };
    return JSON.stringify(sortKeys(JSON.parse(text)));
}

/** Pads a timestamp's fraction to 6 digits: "2024-01-02T03:04:05Z" -> "2024-01-02T03:04:05.000000Z". */
export function canonicalTimestamp(isoUtc: string): string {
    const match = /^(\d{4,}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(?:Z|\+00(?::?00)?)?$/.exec(isoUtc);
    if (!match) throw new Error(`not a UTC timestamp: ${JSON.stringify(isoUtc)}`);
    const fraction = (match[3] ?? "").padEnd(6, "0").slice(0, 6);
    return `${match[1]}T${match[2]}.${fraction}Z`;
}
