import { isObject, kindOf, type Json, type JsonObject } from "./ast.ts";
import { UnsupportedSqlError } from "../../errors.ts";

/** A date part argument: MINUTE, WEEK(MONDAY), ISOWEEK... */
export interface DatePart {
    unit: string;
    /** For WEEK(<weekday>): DuckDB's dayofweek number of the first day, Sunday = 0. */
    weekStart?: number;
}

const weekdays = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"];

/** Reads a part written as a bare word (`var`), a column-like name, or WEEK(<weekday>). */
export function datePartOf(node: Json | undefined): DatePart {
    const kind = kindOf(node);
    const data = isObject(node) && kind ? (node[kind] as JsonObject) : undefined;
    if (kind === "var" && typeof data?.this === "string") return simplePart(data.this);
    if (kind === "column" && isObject(data?.name) && !data.table) return simplePart(data.name.name as string);
    if (kind === "function" && String(data?.name).toUpperCase() === "WEEK" && Array.isArray(data?.args)) {
        const weekday = datePartOf(data.args[0]).unit;
        if (!weekdays.includes(weekday)) throw new UnsupportedSqlError(`date part WEEK(${weekday})`);
        return { unit: "WEEK", weekStart: weekdays.indexOf(weekday) };
    }
    throw new UnsupportedSqlError(`date part ${JSON.stringify(node).slice(0, 80)}`);
}

function simplePart(word: string): DatePart {
    const unit = word.toUpperCase();
    if (unit === "WEEK") return { unit, weekStart: 0 };
    if (unit === "ISOWEEK") return { unit: "WEEK", weekStart: 1 };
    return { unit };
}

/** Microseconds in each fixed-length unit (BigQuery's DAY is 24 hours for TIMESTAMP). */
export const microsecondsPer: Record<string, number> = {
    MICROSECOND: 1,
    MILLISECOND: 1_000,
    SECOND: 1_000_000,
    MINUTE: 60_000_000,
    HOUR: 3_600_000_000,
    DAY: 86_400_000_000,
};

export function fixedUnitMicroseconds(part: DatePart, construct: string): number {
    const micros = microsecondsPer[part.unit];
    if (micros === undefined) throw new UnsupportedSqlError(`${construct} with part ${part.unit}`);
    return micros;
}
