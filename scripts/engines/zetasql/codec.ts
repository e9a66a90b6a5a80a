/**
 * Canonical values (scripts/engines/values.ts) <-> zetasql.ValueProto.
 * Wire formats follow ZetaSQL's value.proto and civil_time.h.
 */
import { canonicalDecimal, canonicalJson, canonicalTimestamp, type SqlValue } from "../values.ts";
import type { SqlType } from "./types.ts";

/** The slice of zetasql.ValueProto we read and write (proto-loader: longs as strings, bytes as Buffer). */
export interface ValueProto {
    value?: string;
    int64Value?: string;
    doubleValue?: number;
    boolValue?: boolean;
    stringValue?: string;
    bytesValue?: Buffer;
    dateValue?: number;
    timestampValue?: { seconds?: string; nanos?: number } | null;
    datetimeValue?: { bitFieldDatetimeSeconds?: string; nanos?: number } | null;
    timeValue?: string;
    numericValue?: Buffer;
    bignumericValue?: Buffer;
    jsonValue?: string;
    intervalValue?: Buffer;
    arrayValue?: { element?: ValueProto[] } | null;
    structValue?: { field?: ValueProto[] } | null;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const NUMERIC_SCALE = 9;
const BIGNUMERIC_SCALE = 38;
const SECONDS_PER_DAY = 86_400;

export function encodeValue(value: SqlValue, type: SqlType, where = "value"): ValueProto {
    if (value === null || value === undefined) return {};
    const fail = (expected: string): never => {
        throw new Error(`${where}: expected ${expected} for ${type.kind}, got ${JSON.stringify(value)}`);
    };
    switch (type.kind) {
        case "INT64": {
            if (typeof value !== "string" && typeof value !== "number") return fail("a decimal string");
            const text = String(value).trim();
            if (!/^[+-]?\d+$/.test(text)) return fail("an integer");
            const integer = BigInt(text);
            if (integer < INT64_MIN || integer > INT64_MAX) return fail("a value in INT64 range");
            return { int64Value: integer.toString() };
        }
        case "FLOAT64":
            if (typeof value !== "number") return fail("a number");
            return { doubleValue: value };
        case "NUMERIC":
        case "BIGNUMERIC": {
            if (typeof value !== "string" && typeof value !== "number") return fail("a decimal string");
            const scale = type.kind === "NUMERIC" ? NUMERIC_SCALE : BIGNUMERIC_SCALE;
            const bytes = scaledDecimalToBytes(String(value), scale, where);
            return type.kind === "NUMERIC" ? { numericValue: bytes } : { bignumericValue: bytes };
        }
        case "BOOL":
            if (typeof value !== "boolean") return fail("a boolean");
            return { boolValue: value };
        case "STRING":
            if (typeof value !== "string") return fail("a string");
            return { stringValue: value };
        case "BYTES":
            if (typeof value !== "string") return fail("a base64 string");
            return { bytesValue: Buffer.from(value, "base64") };
        case "DATE":
            if (typeof value !== "string") return fail("YYYY-MM-DD");
            return { dateValue: parseDate(value, where) };
        case "DATETIME": {
            if (typeof value !== "string") return fail("YYYY-MM-DDTHH:MM:SS.ffffff");
            const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)$/.exec(value);
            if (!match) return fail("YYYY-MM-DDTHH:MM:SS.ffffff");
            const [year, month, day] = match[1]!.split("-").map(Number) as [number, number, number];
            parseDate(match[1]!, where);
            const time = parseTime(match[2]!, where);
            // civil_time.h: year(14) month(4) day(5) hour(5) minute(6) second(6), least significant last.
            const packed = ((((year * 16 + month) * 32 + day) * 32 + time.hour) * 64 + time.minute) * 64 + time.second;
            return { datetimeValue: { bitFieldDatetimeSeconds: String(packed), nanos: time.micros * 1000 } };
        }
        case "TIME": {
            if (typeof value !== "string") return fail("HH:MM:SS.ffffff");
            const time = parseTime(value, where);
            // civil_time.h: hour(5) minute(6) second(6) nanos(30).
            const packed =
                ((BigInt(time.hour) * 64n + BigInt(time.minute)) * 64n + BigInt(time.second)) * 2n ** 30n + BigInt(time.micros * 1000);
            return { timeValue: packed.toString() };
        }
        case "TIMESTAMP": {
            if (typeof value !== "string") return fail("an ISO UTC timestamp");
            const canonical = canonicalTimestamp(value);
            const [date, clock] = canonical.slice(0, -1).split("T") as [string, string];
            const time = parseTime(clock, where);
            const seconds =
                BigInt(parseDate(date, where)) * BigInt(SECONDS_PER_DAY) + BigInt(time.hour * 3600 + time.minute * 60 + time.second);
            return { timestampValue: { seconds: seconds.toString(), nanos: time.micros * 1000 } };
        }
        case "JSON":
            if (typeof value !== "string") return fail("JSON text");
            return { jsonValue: value };
        case "INTERVAL":
            if (typeof value !== "string") return fail("an interval string");
            return { intervalValue: encodeInterval(value, where) };
        case "ARRAY":
            if (!Array.isArray(value)) return fail("an array");
            return { arrayValue: { element: value.map((element, index) => encodeValue(element, type.element, `${where}[${index}]`)) } };
        case "STRUCT": {
            if (typeof value !== "object" || Array.isArray(value)) return fail("an object");
            const record = value as Record<string, SqlValue>;
            const names = fieldNames(type);
            const unknown = Object.keys(record).filter((key) => !names.includes(key));
            if (unknown.length > 0) return fail(`fields ${names.join(", ")} (unknown: ${unknown.join(", ")})`);
            return {
                structValue: {
                    field: type.fields.map((field, index) =>
                        encodeValue(record[names[index]!] ?? null, field.type, `${where}.${names[index]}`),
                    ),
                },
            };
        }
    }
}

/**
 * Decodes a result value. As BigQuery does when it writes a result, a NULL
 * array comes back as [] and an array with a NULL element is an error.
 */
export function decodeValue(proto: ValueProto, type: SqlType, where = "value"): SqlValue {
    if (!proto.value) return type.kind === "ARRAY" ? [] : null;
    switch (type.kind) {
        case "INT64":
            return String(proto.int64Value);
        case "FLOAT64":
            return Number(proto.doubleValue);
        case "NUMERIC":
            return bytesToScaledDecimal(proto.numericValue!, NUMERIC_SCALE);
        case "BIGNUMERIC":
            return bytesToScaledDecimal(proto.bignumericValue!, BIGNUMERIC_SCALE);
        case "BOOL":
            return Boolean(proto.boolValue);
        case "STRING":
            return proto.stringValue ?? "";
        case "BYTES":
            return Buffer.from(proto.bytesValue ?? []).toString("base64");
        case "DATE":
            return formatDate(proto.dateValue ?? 0);
        case "DATETIME": {
            let packed = Number(proto.datetimeValue?.bitFieldDatetimeSeconds ?? 0);
            const take = (bits: number) => {
                const part = packed % 2 ** bits;
                packed = Math.floor(packed / 2 ** bits);
                return part;
            };
            const second = take(6);
            const minute = take(6);
            const hour = take(5);
            const day = take(5);
            const month = take(4);
            const year = packed;
            return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${formatClock(hour, minute, second, proto.datetimeValue?.nanos ?? 0)}`;
        }
        case "TIME": {
            const packed = BigInt(proto.timeValue ?? "0");
            const nanos = Number(packed % 2n ** 30n);
            const seconds = Number(packed / 2n ** 30n);
            return formatClock(Math.floor(seconds / 4096), Math.floor(seconds / 64) % 64, seconds % 64, nanos);
        }
        case "TIMESTAMP": {
            const seconds = BigInt(proto.timestampValue?.seconds ?? "0");
            const day = seconds >= 0n ? seconds / 86_400n : -((-seconds + 86_399n) / 86_400n);
            const secondOfDay = Number(seconds - day * 86_400n);
            const clock = formatClock(
                Math.floor(secondOfDay / 3600),
                Math.floor(secondOfDay / 60) % 60,
                secondOfDay % 60,
                proto.timestampValue?.nanos ?? 0,
            );
            return `${formatDate(Number(day))}T${clock}Z`;
        }
        case "JSON":
            return canonicalJson(proto.jsonValue ?? "null");
        case "INTERVAL":
            return decodeInterval(proto.intervalValue ?? Buffer.alloc(0));
        case "ARRAY":
            return (proto.arrayValue?.element ?? []).map((element, index) => {
                if (!element.value) throw new Error(`${where}: array has a NULL element at ${index}; BigQuery cannot return such an array`);
                return decodeValue(element, type.element, `${where}[${index}]`);
            });
        case "STRUCT": {
            const names = fieldNames(type);
            const fields = proto.structValue?.field ?? [];
            return Object.fromEntries(
                type.fields.map((field, index) => [
                    names[index]!,
                    decodeValue(fields[index] ?? {}, field.type, `${where}.${names[index]}`),
                ]),
            );
        }
    }
}

/** Object keys of a struct's fields: anonymous fields are `_field_N` (1-based), as BigQuery names them. */
export function fieldNames(type: { fields: { name: string }[] }): string[] {
    return type.fields.map((field, index) => field.name || `_field_${index + 1}`);
}

// --- NUMERIC / BIGNUMERIC: value x 10^scale as minimal little-endian two's complement.

export function scaledDecimalToBytes(text: string, scale: number, where = "value"): Buffer {
    const canonical = canonicalDecimal(text);
    const negative = canonical.startsWith("-");
    const [integer, fraction = ""] = canonical.replace("-", "").split(".") as [string, string?];
    if (fraction.length > scale) throw new Error(`${where}: ${text} has more than ${scale} fraction digits`);
    let scaled = BigInt(integer + fraction.padEnd(scale, "0"));
    if (negative) scaled = -scaled;
    const bytes: number[] = [];
    // Emit bytes until the rest is pure sign extension of the last byte's top bit.
    for (;;) {
        const byte = Number(BigInt.asUintN(8, scaled));
        bytes.push(byte);
        scaled >>= 8n;
        if ((scaled === 0n && byte < 0x80) || (scaled === -1n && byte >= 0x80)) break;
    }
    return Buffer.from(bytes);
}

export function bytesToScaledDecimal(bytes: Uint8Array, scale: number): string {
    let scaled = 0n;
    for (let index = bytes.length - 1; index >= 0; index--) scaled = (scaled << 8n) | BigInt(bytes[index]!);
    if (bytes.length > 0 && bytes[bytes.length - 1]! >= 0x80) scaled -= 1n << BigInt(8 * bytes.length);
    const negative = scaled < 0n;
    const digits = (negative ? -scaled : scaled).toString().padStart(scale + 1, "0");
    return canonicalDecimal(`${negative ? "-" : ""}${digits.slice(0, -scale)}.${digits.slice(-scale)}`);
}

// --- Calendar arithmetic on the proleptic Gregorian calendar, without Date's two-digit-year quirks.

function daysFromCivil(year: number, month: number, day: number): number {
    const y = month <= 2 ? year - 1 : year;
    const era = Math.floor(y / 400);
    const yearOfEra = y - era * 400;
    const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
    const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
}

function civilFromDays(days: number): [number, number, number] {
    const z = days + 719_468;
    const era = Math.floor(z / 146_097);
    const dayOfEra = z - era * 146_097;
    const yearOfEra = Math.floor(
        (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
    );
    const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
    const mp = Math.floor((5 * dayOfYear + 2) / 153);
    const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function parseDate(text: string, where: string): number {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!match) throw new Error(`${where}: not a date: ${JSON.stringify(text)}`);
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const days = daysFromCivil(year, month, day);
    const [y, m, d] = civilFromDays(days);
    if (y !== year || m !== month || d !== day || year < 1) throw new Error(`${where}: not a valid date: ${text}`);
    return days;
}

function formatDate(days: number): string {
    const [year, month, day] = civilFromDays(days);
    return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function parseTime(text: string, where: string): { hour: number; minute: number; second: number; micros: number } {
    const match = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(text);
    if (!match) throw new Error(`${where}: not a time: ${JSON.stringify(text)}`);
    const time = {
        hour: Number(match[1]),
        minute: Number(match[2]),
        second: Number(match[3]),
        micros: Number((match[4] ?? "").padEnd(6, "0")),
    };
    if (time.hour > 23 || time.minute > 59 || time.second > 59) throw new Error(`${where}: not a valid time: ${text}`);
    return time;
}

/** HH:MM:SS.ffffff; nanoseconds below a microsecond are truncated, as BigQuery keeps microseconds. */
function formatClock(hour: number, minute: number, second: number, nanos: number): string {
    return `${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(Math.floor(nanos / 1000), 6)}`;
}

function pad(value: number, width: number): string {
    return String(value).padStart(width, "0");
}

// --- INTERVAL: canonical form is BigQuery's text, `Y-M D H:M:S[.ffffff]` with signs, e.g. "1-2 -3 4:05:06.5".
// Wire: micros (int64 LE), days (int32 LE), months_nanos (uint32 LE: sign bit 31, months << 13, nano fraction in the low 10 bits).

const INTERVAL_PATTERN = /^([+-]?)(\d+)-(\d+) ([+-]?\d+) ([+-]?)(\d+):(\d+):(\d+)(?:\.(\d{1,6}))?$/;

function encodeInterval(text: string, where: string): Buffer {
    const match = INTERVAL_PATTERN.exec(text.trim());
    if (!match) throw new Error(`${where}: not an interval "Y-M D H:M:S[.F]": ${JSON.stringify(text)}`);
    const monthSign = match[1] === "-" ? -1 : 1;
    const months = monthSign * (Number(match[2]) * 12 + Number(match[3]));
    const days = Number(match[4]);
    const timeSign = match[5] === "-" ? -1n : 1n;
    const micros =
        timeSign *
        ((BigInt(match[6]!) * 3600n + BigInt(match[7]!) * 60n + BigInt(match[8]!)) * 1_000_000n + BigInt((match[9] ?? "").padEnd(6, "0")));
    const buffer = Buffer.alloc(16);
    buffer.writeBigInt64LE(micros, 0);
    buffer.writeInt32LE(days, 8);
    buffer.writeUInt32LE(((Math.abs(months) << 13) | (months < 0 ? 0x80000000 : 0)) >>> 0, 12);
    return buffer;
}

function decodeInterval(bytes: Buffer): string {
    if (bytes.length === 0) return "0-0 0 0:0:0";
    const micros = bytes.readBigInt64LE(0);
    const days = bytes.readInt32LE(8);
    const monthsNanos = bytes.readUInt32LE(12);
    const absMonths = (monthsNanos & 0x7fffe000) >>> 13;
    const monthSign = monthsNanos & 0x80000000 ? "-" : "";
    const absMicros = micros < 0n ? -micros : micros;
    const totalSeconds = absMicros / 1_000_000n;
    // ZetaSQL prints the fraction in groups of three digits: .5 s is ".500".
    const micro = (absMicros % 1_000_000n).toString().padStart(6, "0");
    const fraction = micro === "000000" ? "" : micro.endsWith("000") ? micro.slice(0, 3) : micro;
    const clock = `${totalSeconds / 3600n}:${(totalSeconds / 60n) % 60n}:${totalSeconds % 60n}${fraction ? `.${fraction}` : ""}`;
    return `${absMonths === 0 ? "" : monthSign}${Math.floor(absMonths / 12)}-${absMonths % 12} ${days} ${micros < 0n ? "-" : ""}${clock}`;
}
