import { expr, isObject, kindOf, sqlString, stringLiteral, type Json, type JsonObject, type Node } from "./ast.ts";
import { UnsupportedSqlError } from "../../errors.ts";
import { duckdbFormat } from "./formats.ts";
import { datePartOf, fixedUnitMicroseconds, type DatePart } from "./units.ts";
import { instantOf, localTime } from "./zones.ts";

/**
 * Date and time functions, each rewritten to DuckDB with BigQuery's
 * semantics: truncation toward zero for TIMESTAMP_DIFF, boundary counting
 * for DATE_DIFF, Sunday weeks, DATE results staying DATE, zones applied.
 */
export type Rewrite = (args: Json[]) => Json;

const utc = expr("'UTC'");

/** DATE truncated to a date part (BigQuery DATE_TRUNC). */
function truncateDate(date: Json, part: DatePart): Node {
    switch (part.unit) {
        case "DAY":
            return expr("CAST($0 AS DATE)", date);
        case "WEEK":
            return expr(`bq_date_in_range(bq_week_start($0, ${part.weekStart}))`, date);
        case "MONTH":
        case "QUARTER":
        case "YEAR":
            return expr(`CAST(date_trunc('${part.unit.toLowerCase()}', $0) AS DATE)`, date);
        case "ISOYEAR":
            return expr("bq_date_in_range(bq_isoyear_start($0))", date);
        default:
            throw new UnsupportedSqlError(`DATE_TRUNC to ${part.unit}`);
    }
}

/** DATETIME (DuckDB TIMESTAMP) truncated to a date part. */
function truncateDatetime(datetime: Json, part: DatePart): Node {
    if (part.unit in { MICROSECOND: 1, MILLISECOND: 1, SECOND: 1, MINUTE: 1, HOUR: 1, DAY: 1 }) {
        return expr(`date_trunc('${part.unit.toLowerCase()}', $0)`, datetime);
    }
    return expr("CAST($0 AS TIMESTAMP)", truncateDate(datetime, part));
}

/** TIMESTAMP truncated in a zone: to local time, truncate, back to an instant. */
function truncateTimestamp(args: Json[]): Node {
    const zone = args[2] ?? utc;
    return expr("bq_timestamp_in_range($0)", instantOf(zone, truncateDatetime(localTime(zone, args[0]), datePartOf(args[1]))));
}

/** DATE_DIFF counts part boundaries between two dates. */
function dateDiff(args: Json[]): Node {
    const [end, start] = args;
    const part = datePartOf(args[2]);
    switch (part.unit) {
        case "DAY":
            return expr("CAST($0 AS DATE) - CAST($1 AS DATE)", end, start);
        case "WEEK":
            return expr(`bq_trunc_div(bq_week_start($0, ${part.weekStart}) - bq_week_start($1, ${part.weekStart}), 7)`, end, start);
        case "MONTH":
            return expr("(year($0) * 12 + month($0)) - (year($1) * 12 + month($1))", end, start);
        case "QUARTER":
            return expr("(year($0) * 4 + quarter($0)) - (year($1) * 4 + quarter($1))", end, start);
        case "YEAR":
            return expr("year($0) - year($1)", end, start);
        case "ISOYEAR":
            return expr("isoyear($0) - isoyear($1)", end, start);
        default:
            throw new UnsupportedSqlError(`DATE_DIFF by ${part.unit}`);
    }
}

/** TIMESTAMP_DIFF: whole units between two instants, truncated toward zero. */
function timestampDiff(args: Json[]): Node {
    const micros = fixedUnitMicroseconds(datePartOf(args[2]), "TIMESTAMP_DIFF");
    return expr(`bq_trunc_div(epoch_us($0) - epoch_us($1), ${micros})`, args[0], args[1]);
}

/** DATETIME_DIFF: boundaries for DAY and longer parts, truncation for shorter ones. */
function datetimeDiff(args: Json[]): Node {
    const part = datePartOf(args[2]);
    if (part.unit === "DAY" || !(part.unit in { MICROSECOND: 1, MILLISECOND: 1, SECOND: 1, MINUTE: 1, HOUR: 1 })) {
        return dateDiff(args);
    }
    return timestampDiff(args);
}

/** The amount and part of an `INTERVAL n PART` argument. */
function intervalOf(node: Json, construct: string): { amount: Json; part: DatePart } {
    if (kindOf(node) !== "interval") throw new UnsupportedSqlError(`${construct} without an INTERVAL literal`);
    const data = (node as JsonObject).interval as JsonObject;
    const unit = isObject(data.unit) ? data.unit.unit : undefined;
    if (typeof unit !== "string") throw new UnsupportedSqlError(`${construct} with interval ${JSON.stringify(data.unit)}`);
    const text = stringLiteral(data.this);
    const amount = text !== undefined && /^-?\d+$/.test(text) ? expr(text) : data.this;
    return { amount, part: { unit: unit.toUpperCase() } };
}

const intervalFunctions: Record<string, [string, number]> = {
    MICROSECOND: ["to_microseconds", 1],
    MILLISECOND: ["to_milliseconds", 1],
    SECOND: ["to_seconds", 1],
    MINUTE: ["to_minutes", 1],
    HOUR: ["to_hours", 1],
    DAY: ["to_days", 1],
    WEEK: ["to_days", 7],
    MONTH: ["to_months", 1],
    QUARTER: ["to_months", 3],
    YEAR: ["to_years", 1],
};

/** A DuckDB interval of `amount` parts, negated for *_SUB. */
function duckInterval(amount: Json, part: DatePart, sign: 1 | -1, construct: string): Node {
    const entry = intervalFunctions[part.unit];
    if (!entry) throw new UnsupportedSqlError(`${construct} by ${part.unit}`);
    const factor = entry[1] * sign;
    return expr(`${entry[0]}(CAST($0 AS BIGINT) * ${factor})`, amount);
}

function addTo(kind: "DATE" | "DATETIME" | "TIMESTAMP", sign: 1 | -1): Rewrite {
    const construct = `${kind}_${sign > 0 ? "ADD" : "SUB"}`;
    return (args) => {
        const { amount, part } = intervalOf(args[1], construct);
        if (kind === "DATE" && !["DAY", "WEEK", "MONTH", "QUARTER", "YEAR"].includes(part.unit)) {
            throw new UnsupportedSqlError(`${construct} by ${part.unit}`);
        }
        if (kind === "TIMESTAMP") fixedUnitMicroseconds(part, construct);
        const sum = expr("$0 + $1", args[0], duckInterval(amount, part, sign, construct));
        if (kind === "DATE") return expr("bq_date_in_range(CAST($0 AS DATE))", sum);
        return expr(kind === "DATETIME" ? "bq_datetime_in_range($0)" : "bq_timestamp_in_range($0)", sum);
    };
}

function literalFormat(node: Json | undefined, construct: string): string {
    const format = stringLiteral(node);
    if (format === undefined) throw new UnsupportedSqlError(`${construct} with a non-literal format`);
    return format;
}

function formatWith(construct: string, toLocal: (args: Json[]) => Json): Rewrite {
    return (args) => {
        const { format } = duckdbFormat(literalFormat(args[0], construct), "format");
        // BigQuery prints years before 1000 without padding (%Y of year 1 is "1"); strftime pads them.
        if (format.includes("%Y")) return expr(`bq_four_digit_year($0, strftime($0, ${sqlString(format)}))`, toLocal(args));
        return expr(`strftime($0, ${sqlString(format)})`, toLocal(args));
    };
}

/** PARSE_* with strptime (try_strptime for SAFE.); zone-less text is read in the given zone. */
function parseWith(kind: "DATE" | "DATETIME" | "TIMESTAMP", safe: boolean): Rewrite {
    const construct = `${safe ? "SAFE." : ""}PARSE_${kind}`;
    return (args) => {
        const { alternatives, hasZone } = duckdbFormat(literalFormat(args[0], construct), "parse");
        if (hasZone && kind !== "TIMESTAMP") throw new UnsupportedSqlError(`${construct} with a zone element`);
        const formats = alternatives.length === 1 ? sqlString(alternatives[0]!) : `[${alternatives.map(sqlString).join(", ")}]`;
        const parsed = expr(`${safe ? "try_strptime" : "strptime"}($0, ${formats})`, args[1]);
        if (kind === "DATE") return expr("CAST($0 AS DATE)", parsed);
        if (kind === "DATETIME" || hasZone) return parsed;
        return instantOf(args[2] ?? utc, parsed);
    };
}

function byArity(construct: string, rewrites: Record<number, Rewrite>): Rewrite {
    return (args) => {
        const rewrite = rewrites[args.length];
        if (!rewrite) throw new UnsupportedSqlError(`${construct} with ${args.length} arguments`);
        return rewrite(args);
    };
}

export const datetimeRewrites: Record<string, Rewrite> = {
    current_date: () => expr("current_date"),
    current_timestamp: () => expr("current_timestamp"),
    current_datetime: () => expr("CAST(current_timestamp AS TIMESTAMP)"),
    date: byArity("DATE", {
        1: (args) => expr("CAST($0 AS DATE)", args[0]),
        2: (args) => expr("CAST($0 AS DATE)", localTime(args[1], args[0])),
        3: (args) => expr("make_date($0, $1, $2)", ...args),
    }),
    datetime: byArity("DATETIME", {
        1: (args) => expr("CAST($0 AS TIMESTAMP)", args[0]),
        // DATETIME(ts, zone) or DATETIME(date, time): a literal zone is handled here, the rest at run time.
        2: (args) => (stringLiteral(args[1]) !== undefined ? localTime(args[1], args[0]) : expr("bq_datetime2($0, $1)", args[0], args[1])),
        6: (args) => expr("make_timestamp($0, $1, $2, $3, $4, $5)", ...args),
    }),
    timestamp: byArity("TIMESTAMP", {
        1: (args) => expr("CAST($0 AS TIMESTAMPTZ)", args[0]),
        2: (args) => instantOf(args[1], expr("bq_zoneless($0)", args[0])),
    }),
    timestamp_seconds: (args) => expr("make_timestamp(CAST($0 AS BIGINT) * 1000000)::TIMESTAMPTZ", args[0]),
    timestamp_millis: (args) => expr("make_timestamp(CAST($0 AS BIGINT) * 1000)::TIMESTAMPTZ", args[0]),
    timestamp_micros: (args) => expr("make_timestamp(CAST($0 AS BIGINT))::TIMESTAMPTZ", args[0]),
    unix_seconds: (args) => expr("bq_floor_div(epoch_us($0), 1000000)", args[0]),
    unix_millis: (args) => expr("bq_floor_div(epoch_us($0), 1000)", args[0]),
    unix_micros: (args) => expr("epoch_us($0)", args[0]),
    unix_date: (args) => expr("CAST($0 AS DATE) - DATE '1970-01-01'", args[0]),
    date_from_unix_date: (args) => expr("CAST(DATE '1970-01-01' + CAST($0 AS INTEGER) AS DATE)", args[0]),
    date_trunc: (args) => truncateDate(args[0], datePartOf(args[1])),
    datetime_trunc: (args) => truncateDatetime(args[0], datePartOf(args[1])),
    timestamp_trunc: truncateTimestamp,
    date_diff: dateDiff,
    datetime_diff: datetimeDiff,
    timestamp_diff: timestampDiff,
    date_add: addTo("DATE", 1),
    date_sub: addTo("DATE", -1),
    datetime_add: addTo("DATETIME", 1),
    datetime_sub: addTo("DATETIME", -1),
    timestamp_add: addTo("TIMESTAMP", 1),
    timestamp_sub: addTo("TIMESTAMP", -1),
    format_date: formatWith("FORMAT_DATE", (args) => args[1]),
    format_datetime: formatWith("FORMAT_DATETIME", (args) => args[1]),
    format_timestamp: formatWith("FORMAT_TIMESTAMP", (args) => localTime(args[2] ?? utc, args[1])),
    parse_date: parseWith("DATE", false),
    parse_datetime: parseWith("DATETIME", false),
    parse_timestamp: parseWith("TIMESTAMP", false),
    "safe.parse_date": parseWith("DATE", true),
    "safe.parse_datetime": parseWith("DATETIME", true),
    "safe.parse_timestamp": parseWith("TIMESTAMP", true),
    generate_date_array: (args) => expr("bq_generate_date_array($0, $1, $2)", args[0], args[1], args[2] ?? expr("INTERVAL 1 DAY")),
    last_day: (args) => {
        if (args[1] !== undefined && datePartOf(args[1]).unit !== "MONTH")
            throw new UnsupportedSqlError("LAST_DAY by a part other than MONTH");
        return expr("last_day($0)", args[0]);
    },
};

/** EXTRACT(part FROM x), as polyglot names the parts. */
export function rewriteExtract(data: JsonObject): Json {
    const field = data.field;
    const value = data.this;
    const name = typeof field === "string" ? field.toUpperCase() : isObject(field) ? Object.keys(field)[0].toUpperCase() : "";
    const custom = isObject(field) ? String(Object.values(field)[0]).toUpperCase() : "";
    if (name === "WEEKWITHMODIFIER") throw new UnsupportedSqlError(`EXTRACT(WEEK(${custom}))`);
    const part = name === "CUSTOM" ? custom : name;
    const simple: Record<string, string> = {
        YEAR: "year($0)",
        QUARTER: "quarter($0)",
        MONTH: "month($0)",
        DAY: "day($0)",
        HOUR: "hour($0)",
        MINUTE: "minute($0)",
        SECOND: "second($0)",
        MILLISECOND: "millisecond($0) % 1000",
        MICROSECOND: "microsecond($0) % 1000000",
        DAYOFWEEK: "bq_dayofweek($0)",
        DAYOFYEAR: "dayofyear($0)",
        WEEK: "bq_week_number($0)",
        ISOWEEK: "week($0)",
        ISOYEAR: "isoyear($0)",
        DATE: "CAST($0 AS DATE)",
        TIME: "CAST($0 AS TIME)",
        DATETIME: "CAST($0 AS TIMESTAMP)",
    };
    const template = simple[part];
    if (!template) throw new UnsupportedSqlError(`EXTRACT(${part})`);
    return expr(template, value);
}
