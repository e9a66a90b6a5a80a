/**
 * Time in the generator: event times are integer milliseconds since the epoch
 * (every event_timestamp format, epoch milliseconds included, holds them
 * exactly); received_at is integer microseconds (the collector's precision).
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** The event_timestamp formats of docs/data-contract.md, Inputs. */
export type TimestampFormat = "rfc3339_z" | "rfc3339_offset" | "naive" | "epoch_ms";

export function dayStartMs(isoDate: string): number {
    return Date.parse(`${isoDate}T00:00:00Z`);
}

const dateOfDay = new Map<number, string>();

/** The UTC date of an instant (memoized per day: it is asked for every row). */
export function isoDateOfMs(ms: number): string {
    const day = Math.floor(ms / DAY_MS);
    let date = dateOfDay.get(day);
    if (date === undefined) {
        date = new Date(day * DAY_MS).toISOString().slice(0, 10);
        dateOfDay.set(day, date);
    }
    return date;
}

export function addDays(isoDate: string, days: number): string {
    return isoDateOfMs(dayStartMs(isoDate) + days * DAY_MS);
}

/** RFC 3339 UTC with 6 fraction digits, BigQuery-loadable: "2024-03-01T10:15:30.123456Z". */
export function formatMicros(micros: number): string {
    const ms = Math.floor(micros / 1000);
    const extra = micros - ms * 1000;
    return `${new Date(ms).toISOString().slice(0, 23)}${String(extra).padStart(3, "0")}Z`;
}

/** An event time as a producer sends it; `offsetMinutes` only matters for rfc3339_offset. */
export function formatEventTimestamp(ms: number, format: TimestampFormat, offsetMinutes: number): string {
    switch (format) {
        case "rfc3339_z":
            return new Date(ms).toISOString();
        case "naive":
            return new Date(ms).toISOString().slice(0, 23).replace("T", " ");
        case "epoch_ms":
            return String(ms);
        case "rfc3339_offset": {
            const local = new Date(ms + offsetMinutes * MINUTE_MS).toISOString().slice(0, 23);
            const sign = offsetMinutes < 0 ? "-" : "+";
            const magnitude = Math.abs(offsetMinutes);
            const hours = String(Math.floor(magnitude / 60)).padStart(2, "0");
            const minutes = String(magnitude % 60).padStart(2, "0");
            return `${local}${sign}${hours}:${minutes}`;
        }
    }
}
