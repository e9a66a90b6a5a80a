/** The shapes the simulation, the defect layer, the truth and the writers share. */
import trackingPlan from "../../../includes/tracking_plan.js";
import type { CanonicalEvent } from "./world.ts";
import type { TimestampFormat } from "./time.ts";

/** docs/data-contract.md, Semantics, in its first-reason-wins order: the tracking plan's list, which staging reads too. */
export const { QUARANTINE_REASONS } = trackingPlan;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

/** Where a raw row ends (docs/data-contract.md, Semantics): exactly one of these. */
export type Fate = "kept" | QuarantineReason | "duplicate_event_id" | "duplicate_order_id" | "consent" | "bot";

export type Source = "browser" | "app" | "server";
export type Platform = "web" | "ios" | "android" | "backend";

/** One raw event row while it is built; write.ts turns it into a raw.events line. */
export interface EventRow {
    eventId: string | null;
    /** The name as sent. */
    name: string;
    /** The tracking-plan event it stands for; null for names outside the plan. */
    canonical: CanonicalEvent | null;
    /** Event time as the producer reports it, in ms (device clocks may be skewed). */
    eventAtMs: number;
    /** Replaces the formatted event time (an unparseable one); undefined when not replaced. */
    timestampOverride?: string | null;
    timestampFormat: TimestampFormat;
    offsetMinutes: number;
    receivedAtUs: number;
    userId: string | null;
    anonymousId: string | null;
    source: Source;
    platform: Platform;
    schemaVersion: 1 | 2;
    /** Consent JSON text, or null when the producer sent none. */
    consent: string | null;
    pageUrl: string | null;
    referrer: string | null;
    userAgent: string | null;
    ip: string | null;
    locale: string;
    payload: Record<string, unknown>;
    /** Replaces the serialized payload (a malformed one). */
    payloadText?: string;
    /** Values written instead of source, platform and schema_version (outside their enums). */
    enumOverrides?: { source?: string | null; platform?: string | null; schemaVersion?: number | null };
    /** How the context text is broken (still holding every field, so its personal data is still there). */
    contextDefect?: "trailing_comma" | "lone_surrogate";
    /** Index of the device in its person's list (server rows: the device they act for). */
    device: number;
    session: number;
    /** Purchases: the order, its currency and revenue (minor units) as this row states them. */
    orderId: string | null;
    currency: string | null;
    revenueMinor: number | null;
    fate: Fate;
    /** A session's landing row: the channel its traffic source belongs to (world.landing). */
    landingChannel?: string;
    /** Rows the defect layer must leave alone (see defects.ts). */
    isProtected: boolean;
}

export type OrderStatus = "completed" | "refunded" | "cancelled";

export interface Order {
    orderId: string;
    userId: string | null;
    createdAtMs: number;
    status: OrderStatus;
    currency: string;
    revenueMinor: number;
    taxMinor: number;
    shippingMinor: number;
    updatedAtMs: number;
    /** False: the order exists only in events (missing from the orders export). */
    inBackend: boolean;
}
