/**
 * Injects the defects of docs/data-contract.md, Semantics into one person's clean rows and records
 * each row's fate. Each defect is unambiguous: a row gets at most one
 * quarantine reason and nothing else wrong; duplicates, late arrivals and
 * replays only touch rows that are otherwise kept; consent-denied and bot rows
 * carry no other defect. Order of work:
 *
 *   1. fates that follow from the producer: bot rows, analytics consent false;
 *   2. frozen devices (seen with two user_ids) get no defect at all, so the
 *      "latest user_id" of their anonymous_id is the same by event time or
 *      arrival time and whether or not rejected rows are looked at;
 *   3. unknown events are added to sessions;
 *   4. on every other device, the last row carrying each (anonymous_id, user_id)
 *      pair (not a purchase) is protected and stays kept, so identity never
 *      depends on a rejected row;
 *   5. at most one quarantine reason per eligible row;
 *   6. browser/app + server purchase pairs: the client row is the duplicate
 *      when both survived quarantine;
 *   7. late arrival: whole offline app sessions, single browser beacons,
 *      server purchases held up in a queue (2 to 50 hours, far above any
 *      lateness threshold up to 2 hours);
 *   8. future timestamps are set 1 to 72 hours after the (final) received_at;
 *   9. replays of kept rows (same row, same event_id, received again).
 */
import type { DefectRates } from "./config.ts";
import { UNKNOWN_CURRENCY, UNKNOWN_EVENT_NAMES, UNPARSEABLE_TIMESTAMPS } from "./world.ts";
import type { EventRow, QuarantineReason } from "./model.ts";
import type { IdSource, Person } from "./simulate.ts";
import { Rng } from "./random.ts";
import { HOUR_MS } from "./time.ts";

const LATE_MIN_US = 2 * HOUR_MS * 1000;
const LATE_MAX_US = 50 * HOUR_MS * 1000;

export function applyDefects(person: Person, clean: EventRow[], seed: number, rates: DefectRates, ids: IdSource): EventRow[] {
    if (person.isBot) return clean;
    const rng = new Rng(`${seed}/person/${person.index}/defects`);
    for (const row of clean) if (consentDenied(row.consent)) row.fate = "consent";

    const frozen = frozenDevices(person, clean);
    const touchable = (row: EventRow) => !frozen.has(row.device) && !person.devices[row.device]!.analyticsDenied;
    const rows = withUnknownEvents(clean, rng, rates, ids, touchable);
    protectIdentityRows(rows, touchable);

    for (const row of rows) {
        if (row.fate !== "kept" || row.isProtected || !touchable(row)) continue;
        const reason = pickReason(row, rng, rates);
        if (reason) quarantine(row, reason, rng);
    }

    resolvePurchasePairs(rows);
    delayArrivals(rows, rng, rates, touchable);
    for (const row of rows) {
        if (row.fate === "future_timestamp") row.eventAtMs = Math.floor(row.receivedAtUs / 1000) + rng.int(1 * HOUR_MS, 72 * HOUR_MS);
    }
    const all = withReplays(rows, rng, rates, touchable);
    return all.sort((a, b) => a.receivedAtUs - b.receivedAtUs);
}

const deniedByConsent = new Map<string, boolean>();

/** Whether a consent text denies analytics (memoized: devices send a handful of distinct texts). */
function consentDenied(consent: string | null): boolean {
    if (consent === null) return false;
    let denied = deniedByConsent.get(consent);
    if (denied === undefined) {
        denied = (JSON.parse(consent) as { analytics: boolean }).analytics === false;
        deniedByConsent.set(consent, denied);
    }
    return denied;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}

/** Devices whose rows carry more than one user_id. */
function frozenDevices(person: Person, rows: EventRow[]): Set<number> {
    const seen = new Map<number, Set<string>>();
    for (const row of rows) {
        if (row.userId === null) continue;
        const ids = seen.get(row.device) ?? new Set<string>();
        ids.add(row.userId);
        seen.set(row.device, ids);
    }
    const frozen = new Set<number>();
    for (const [device, ids] of seen) if (ids.size > 1 || person.devices[device] === undefined) frozen.add(device);
    return frozen;
}

/** Per session, maybe an extra event outside the tracking plan, a few seconds after one of the device's events. */
function withUnknownEvents(
    rows: EventRow[],
    rng: Rng,
    rates: DefectRates,
    ids: IdSource,
    touchable: (row: EventRow) => boolean,
): EventRow[] {
    const out: EventRow[] = [];
    let index = 0;
    while (index < rows.length) {
        const session = rows[index]!.session;
        const sessionRows: EventRow[] = [];
        while (index < rows.length && rows[index]!.session === session) sessionRows.push(rows[index++]!);
        out.push(...sessionRows);
        const clientRows = sessionRows.filter((row) => row.source !== "server" && row.fate === "kept" && touchable(row));
        if (clientRows.length === 0 || !rng.chance(rates.unknownEvent)) continue;
        const after = rng.pick(clientRows);
        const delayMs = rng.int(1000, 20_000);
        out.push({
            ...after,
            eventId: ids.next(),
            name: rng.pick(UNKNOWN_EVENT_NAMES),
            canonical: null,
            eventAtMs: after.eventAtMs + delayMs,
            receivedAtUs: after.receivedAtUs + delayMs * 1000,
            payload: { value: rng.int(1, 100) },
            orderId: null,
            currency: null,
            revenueMinor: null,
            fate: "unknown_event",
        });
    }
    return out;
}

/** Protects, per device and user_id, the last non-purchase row carrying both ids; all of them if there is none. */
function protectIdentityRows(rows: EventRow[], touchable: (row: EventRow) => boolean): void {
    const last = new Map<string, EventRow>();
    const carriers = new Map<string, EventRow[]>();
    for (const row of rows) {
        if (row.userId === null || row.anonymousId === null || row.fate !== "kept" || !touchable(row)) continue;
        const key = `${row.anonymousId}|${row.userId}`;
        pushTo(carriers, key, row);
        if (row.canonical !== "purchase") last.set(key, row);
    }
    for (const [key, list] of carriers) {
        const protectedRow = last.get(key);
        if (protectedRow) protectedRow.isProtected = true;
        else for (const row of list) row.isProtected = true;
    }
}

function pickReason(row: EventRow, rng: Rng, rates: DefectRates): QuarantineReason | null {
    const candidates: [QuarantineReason, number][] = [
        ["missing_event_id", rates.missingEventId],
        ["missing_identity", rates.missingIdentity],
        ["unparseable_timestamp", rates.unparseableTimestamp],
        ["future_timestamp", rates.futureTimestamp],
        ["invalid_enum", rates.invalidEnum],
        ["invalid_consent", rates.invalidConsent],
        ["invalid_context", rates.invalidContext],
        ["invalid_payload", rates.invalidPayload],
    ];
    if (row.canonical === "purchase" || row.canonical === "view_item" || row.canonical === "add_to_cart") {
        candidates.push(["missing_required_property", rates.missingRequiredProperty]);
    }
    if (row.canonical === "purchase" || row.canonical === "add_to_cart") candidates.push(["invalid_value", rates.invalidValue]);
    let point = rng.float();
    for (const [reason, rate] of candidates) {
        if (point < rate) return reason;
        point -= rate;
    }
    return null;
}

/** Breaks the row so that its first (and only) problem is `reason`. */
function quarantine(row: EventRow, reason: QuarantineReason, rng: Rng): void {
    row.fate = reason;
    switch (reason) {
        case "missing_event_id":
            row.eventId = null;
            return;
        case "missing_identity":
            row.userId = null;
            row.anonymousId = null;
            return;
        case "unparseable_timestamp":
            row.timestampOverride = rng.pick(UNPARSEABLE_TIMESTAMPS);
            return;
        case "future_timestamp":
            return; // set once received_at is final
        case "invalid_enum": {
            const [field, values] = rng.pick([
                ["source", ["kiosk", "", null, "server-side"]],
                ["platform", ["tvos", null, "Web App"]],
                ["schemaVersion", [3, 0, null]],
            ] as const);
            row.enumOverrides = { [field]: rng.pick<string | number | null>(values) };
            return;
        }
        case "invalid_consent":
            row.consent = rng.pick([
                "{analytics: true, ads: true}",
                '{"analytics": "yes", "ads": false}',
                '"granted"',
                '{"analytics": true, "ads": true',
                '{"analytics": true, "ads": true, "banner": "v2\\ud800"}',
            ]);
            return;
        case "invalid_context":
            row.contextDefect = rng.pick(["trailing_comma", "lone_surrogate"] as const);
            return;
        case "invalid_payload": {
            // not JSON, or JSON that BigQuery's strict parser refuses (the lenient JSON functions would read some of it)
            const text = JSON.stringify(row.payload);
            const members = text === "{}" ? "" : `,${text.slice(1, -1)}`;
            row.payloadText = rng.chance(0.5)
                ? text.slice(0, rng.int(1, text.length - 1))
                : rng.pick([
                      "[object Object]",
                      "undefined",
                      "{'order_id': 'x'}",
                      "",
                      `{"note":"\\ud800"${members}}`,
                      `{${members.slice(1)}${members ? "," : ""}"note":1,}`,
                  ]);
            return;
        }
        case "missing_required_property": {
            const required = requiredKeys(row);
            const key = rng.pick(required);
            const payload = { ...row.payload };
            if (rng.chance(0.7)) delete payload[key];
            else payload[key] = null;
            row.payload = payload;
            return;
        }
        case "invalid_value": {
            row.payload = invalidValue(row, rng);
            return;
        }
        case "unknown_event":
            return; // added as whole rows
    }
}

/** A payload with one value the plan cannot take: negative or out-of-range revenue, an unknown currency, a negative quantity. */
function invalidValue(row: EventRow, rng: Rng): Record<string, unknown> {
    const payload = { ...row.payload };
    if (row.canonical === "add_to_cart") return { ...payload, quantity: -Math.max(1, Number(payload.quantity ?? 1)) };
    const v1 = row.schemaVersion === 1;
    const revenueKey = v1 ? "value" : "revenue";
    const itemsKey = v1 ? "products" : "items";
    const items = (payload[itemsKey] as Record<string, unknown>[] | undefined) ?? [];
    const kinds = ["negative", "negative", "currency", "out_of_range", ...(items.length > 0 ? ["quantity"] : [])];
    switch (rng.pick(kinds)) {
        case "negative":
            return { ...payload, [revenueKey]: -(payload[revenueKey] as number) };
        case "currency":
            return { ...payload, currency: UNKNOWN_CURRENCY };
        case "out_of_range":
            // beyond NUMERIC (29 integer digits)
            return { ...payload, [revenueKey]: 1e30 };
        default: {
            const quantityKey = v1 ? "qty" : "quantity";
            const [first, ...rest] = items;
            return { ...payload, [itemsKey]: [{ ...first, [quantityKey]: -Number(first![quantityKey]) }, ...rest] };
        }
    }
}

/** The tracking plan's required properties (docs/data-contract.md, Semantics) in this row's payload shape. */
function requiredKeys(row: EventRow): string[] {
    if (row.canonical !== "purchase") return ["product_id"];
    return row.schemaVersion === 1 ? ["orderId", "currency", "value"] : ["order_id", "currency", "revenue"];
}

/** When both the client and the server purchase of an order survived quarantine, the server's wins. */
function resolvePurchasePairs(rows: EventRow[]): void {
    const byOrder = new Map<string, EventRow[]>();
    for (const row of rows) {
        if (row.orderId === null || row.fate !== "kept") continue;
        pushTo(byOrder, row.orderId, row);
    }
    for (const list of byOrder.values()) {
        if (list.length < 2) continue;
        for (const row of list) if (row.source !== "server") row.fate = "duplicate_order_id";
    }
}

function delayArrivals(rows: EventRow[], rng: Rng, rates: DefectRates, touchable: (row: EventRow) => boolean): void {
    const lateSessions = new Map<number, number>();
    for (const row of rows) {
        if (!touchable(row)) continue;
        if (row.source === "server") {
            // a backed-up queue: the kept purchase arrives hours after its order
            if (row.canonical === "purchase" && row.fate === "kept" && rng.chance(rates.latePurchase))
                row.receivedAtUs += rng.int(LATE_MIN_US, LATE_MAX_US);
            continue;
        }
        if (row.source === "app") {
            if (!lateSessions.has(row.session))
                lateSessions.set(row.session, rng.chance(rates.lateAppSession) ? rng.int(LATE_MIN_US, LATE_MAX_US) : 0);
            row.receivedAtUs += lateSessions.get(row.session)!;
        } else if (row.fate === "kept" && rng.chance(rates.lateBrowser)) {
            row.receivedAtUs += rng.int(LATE_MIN_US, LATE_MAX_US);
        }
    }
}

/** Replays: the same row again, received at the same instant or up to 6 hours later. */
function withReplays(rows: EventRow[], rng: Rng, rates: DefectRates, touchable: (row: EventRow) => boolean): EventRow[] {
    const out: EventRow[] = [];
    for (const row of rows) {
        out.push(row);
        if (row.fate !== "kept" || !touchable(row) || !rng.chance(rates.replay)) continue;
        const copies = rng.chance(0.85) ? 1 : 2;
        for (let i = 0; i < copies; i++) {
            const delayUs = rng.chance(0.3) ? 0 : rng.int(1_000_000, 6 * HOUR_MS * 1000);
            out.push({ ...row, receivedAtUs: row.receivedAtUs + delayUs, fate: "duplicate_event_id", isProtected: false });
        }
    }
    return out;
}
