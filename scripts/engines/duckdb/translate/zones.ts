import { expr, stringLiteral, type Json, type Node } from "./ast.ts";

/**
 * Moving between instants (TIMESTAMPTZ) and wall-clock times (TIMESTAMP) in a
 * BigQuery time zone. DuckDB's ICU reads offset zones wrongly ('UTC+05:30'
 * as +05:00) or not at all ('+05:30'), so fixed offsets become arithmetic.
 * A result outside years 1 to 9999 is an error, as in BigQuery.
 */
const offsetZone = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/** Minutes east of UTC for an offset zone literal such as '+05:30', '-08' or 'UTC+5'. */
function offsetMinutes(zone: Json): number | undefined {
    const text = stringLiteral(zone);
    const match = text === undefined ? null : offsetZone.exec(text.trim());
    if (!match) return undefined;
    const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
    return match[1] === "-" ? -minutes : minutes;
}

/** The wall-clock time (TIMESTAMP) of an instant in `zone`. */
export function localTime(zone: Json, instant: Json): Node {
    const minutes = offsetMinutes(zone);
    if (minutes !== undefined) return expr(`bq_datetime_in_range(CAST($0 AS TIMESTAMP) + to_minutes(${minutes}))`, instant);
    if (stringLiteral(zone) !== undefined) return expr("bq_datetime_in_range(timezone($0, $1))", zone, instant);
    return expr("bq_datetime_in_range(bq_local_time($0, $1))", zone, instant);
}

/** The instant (TIMESTAMPTZ) at which `zone` shows the wall-clock time `local`. */
export function instantOf(zone: Json, local: Json): Node {
    const minutes = offsetMinutes(zone);
    if (minutes !== undefined) return expr(`bq_timestamp_in_range(CAST($0 - to_minutes(${minutes}) AS TIMESTAMPTZ))`, local);
    if (stringLiteral(zone) !== undefined) return expr("bq_timestamp_in_range(bq_earliest_instant($0, $1))", zone, local);
    return expr("bq_timestamp_in_range(bq_instant($0, $1))", zone, local);
}
