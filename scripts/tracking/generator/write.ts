/**
 * Streaming NDJSON: one object per line with exactly the contract's columns
 * (docs/data-contract.md, Inputs, scripts/contract/raw-tables.ts), in contract order. TIMESTAMP as RFC 3339 UTC with 6 fraction
 * digits, DATE as YYYY-MM-DD, NUMERIC as a decimal string, INT64 as a number;
 * consent, context and payload are JSON text inside a string.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { currency, formatMinor } from "./world.ts";
import type { EventRow, Order } from "./model.ts";
import { formatEventTimestamp, formatMicros } from "./time.ts";

/** JSON text of a string or null. */
function text(value: string | null): string {
    return value === null ? "null" : JSON.stringify(value);
}

/** A raw.events line, built by hand (it is the hot path): the same text JSON.stringify would give. */
export function eventLine(row: EventRow): string {
    const timestamp =
        row.timestampOverride !== undefined
            ? row.timestampOverride
            : formatEventTimestamp(row.eventAtMs, row.timestampFormat, row.offsetMinutes);
    const locale = row.contextDefect === "lone_surrogate" ? `"${row.locale}\\ud800"` : text(row.locale);
    const end = row.contextDefect === "trailing_comma" ? ",}" : "}";
    const context = `{"page_url":${text(row.pageUrl)},"page_referrer":${text(row.referrer)},"user_agent":${text(row.userAgent)},"ip":${text(row.ip)},"locale":${locale}${end}`;
    const enums = row.enumOverrides ?? {};
    const source = "source" in enums ? text(enums.source ?? null) : `"${row.source}"`;
    const platform = "platform" in enums ? text(enums.platform ?? null) : `"${row.platform}"`;
    const schemaVersion = "schemaVersion" in enums ? String(enums.schemaVersion) : String(row.schemaVersion);
    return (
        `{"event_id":${text(row.eventId)},"event_name":${text(row.name)},"event_timestamp":${text(timestamp)},` +
        `"received_at":"${formatMicros(row.receivedAtUs)}","user_id":${text(row.userId)},"anonymous_id":${text(row.anonymousId)},` +
        `"source":${source},"platform":${platform},"schema_version":${schemaVersion},"consent":${text(row.consent)},` +
        `"context":${text(context)},"payload":${text(row.payloadText ?? JSON.stringify(row.payload))}}`
    );
}

export function orderLine(order: Order): string {
    const { decimals } = currency(order.currency);
    return JSON.stringify({
        order_id: order.orderId,
        user_id: order.userId,
        created_at: formatMicros(order.createdAtMs * 1000),
        status: order.status,
        currency: order.currency,
        revenue: formatMinor(order.revenueMinor, decimals),
        tax: formatMinor(order.taxMinor, decimals),
        shipping: formatMinor(order.shippingMinor, decimals),
        updated_at: formatMicros(order.updatedAtMs * 1000),
    });
}

/** Buffers lines and writes them in large chunks, waiting for the disk when the stream asks to. */
export class NdjsonWriter {
    private readonly stream: WriteStream;
    private buffer = "";
    lines = 0;

    constructor(path: string) {
        this.stream = createWriteStream(path, { encoding: "utf8" });
    }

    write(line: string): void {
        this.buffer += `${line}\n`;
        this.lines++;
    }

    /** Hands the buffer to the stream once it is large; resolves when the stream can take more. */
    async flushIfFull(limitChars = 1 << 18): Promise<void> {
        if (this.buffer.length >= limitChars) await this.flush();
    }

    async flush(): Promise<void> {
        if (this.buffer.length === 0) return;
        const chunk = this.buffer;
        this.buffer = "";
        if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once("drain", resolve));
    }

    async close(): Promise<void> {
        await this.flush();
        await new Promise<void>((resolve, reject) => {
            this.stream.once("error", reject);
            this.stream.end(resolve);
        });
    }
}

/** Writes a small table in one go. */
export async function writeTable(path: string, rows: Iterable<Record<string, unknown>>): Promise<number> {
    const writer = new NdjsonWriter(path);
    for (const row of rows) writer.write(JSON.stringify(row));
    await writer.close();
    return writer.lines;
}
