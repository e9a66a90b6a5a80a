/**
 * `load` with BigQuery's load-job semantics, faults injected into small NDJSON files: one load is one
 * transaction across its tables, every line is checked against the raw contract, bad records are named
 * by file, 1-based line and field, and the ledger refuses a file appended twice.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import { describe as describeRecord, NdjsonLoadError } from "../../scripts/engines/duckdb/load-ndjson.ts";
import { AlreadyLoadedError, loadDirectory, type LoadOptions } from "../../scripts/tracking/load-local.ts";

const scratch = mkdtempSync(join(tmpdir(), "marts-load-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// one warehouse (opening one takes a while), a raw dataset of its own for each test
let engine: DuckDbEngine;
let raw = "raw";
beforeAll(async () => {
    engine = await DuckDbEngine.open(":memory:");
});
afterAll(async () => engine.close());
beforeEach(({ task }) => {
    raw = `raw_${task.id.replace(/\W/g, "_")}`;
});
const load = (dir: string, options: LoadOptions = {}) => loadDirectory(engine, dir, { dataset: raw, ...options });

const order = (id: string, revenue: unknown = "10.5") => ({
    order_id: id,
    user_id: "u1",
    created_at: "2024-03-01T10:00:00Z",
    status: "completed",
    currency: "EUR",
    revenue,
    tax: 1,
    shipping: 0,
    updated_at: "2024-03-01T10:00:00Z",
});
const rate = (day: string, usd: unknown = "1.08") => ({ rate_date: `2024-03-${day}`, currency: "EUR", usd_rate: usd });

let folders = 0;
/** A folder holding these files, each given as its lines (objects are written as JSON). */
function folder(files: Record<string, (object | string)[]>): string {
    const dir = join(scratch, `d${++folders}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    for (const [name, lines] of Object.entries(files)) {
        writeFileSync(join(dir, name), lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n") + "\n");
    }
    return dir;
}

const count = async (table: string) => Number((await engine.query(`select count(*) as n from ${raw}.${table}`)).rows[0]!.n);
const ids = async () => (await engine.query(`select order_id from ${raw}.orders order by order_id`)).rows.map((row) => row.order_id);

async function loadError(dir: string, options: LoadOptions = {}): Promise<Error> {
    const error = await load(dir, options).then(
        () => undefined,
        (thrown: Error) => thrown,
    );
    if (!error) throw new Error(`loading ${dir} succeeded`);
    return error;
}

describe("one load is one transaction", () => {
    it("a bad line in one file of a --replace load leaves every table as it was", async () => {
        await load(folder({ "orders.ndjson": [order("o1"), order("o2")], "fx_rates.ndjson": [rate("01")] }), { replace: true });
        const bad = folder({ "orders.ndjson": [order("o3")], "fx_rates.ndjson": [rate("02"), rate("03", "one")] });
        const error = await loadError(bad, { replace: true });
        expect(error).toBeInstanceOf(NdjsonLoadError);
        expect(error.message).toContain(`${join(bad, "fx_rates.ndjson")}:2 field usd_rate: not a NUMERIC: "one"`);
        expect(await ids()).toEqual(["o1", "o2"]);
        expect(await count("fx_rates")).toBe(1);
        expect(await count("load_ledger")).toBe(2);
    });

    it("a failed append changes nothing, so its rerun loads each file once", async () => {
        const dir = folder({ "orders.ndjson": [order("o1"), order("o2")], "fx_rates.ndjson": [rate("01"), "{not json"] });
        expect((await loadError(dir)).message).toContain("fx_rates.ndjson:2: not valid JSON");
        expect(await engine.relationKind({ schema: raw, name: "orders" })).toBeUndefined();
        writeFileSync(join(dir, "fx_rates.ndjson"), JSON.stringify(rate("01")) + "\n");
        await load(dir);
        expect(await ids()).toEqual(["o1", "o2"]);
        expect(await count("fx_rates")).toBe(1);
    });
});

describe("every line checked as a BigQuery load job checks it", () => {
    it("names each bad record by file, 1-based line (blank lines counted) and field", async () => {
        const lines = [
            rate("01"),
            "",
            rate("02", 1.09),
            rate("3"),
            "[1, 2]",
            "null",
            "{not json",
            { ...rate("05"), usd_rate: { value: 1 } },
            "   ",
            { rate_date: "2024-03-06", currency: ["EUR"], usd_rate: 1 },
            { rate_date: 20240307, currency: "EUR", usd_rate: 1 },
            rate("08", "1e400"),
            rate("09", 1.1),
        ];
        const dir = folder({ "fx_rates.ndjson": lines });
        const [loaded] = await load(dir, { maxBadRecords: 20 });
        const file = join(dir, "fx_rates.ndjson");
        expect(loaded!.skipped.map(describeRecord)).toEqual([
            `${file}:4 field rate_date: not a DATE: "2024-03-3"`,
            `${file}:5: not a JSON object but array`,
            `${file}:6: not a JSON object but null`,
            `${file}:7: not valid JSON`,
            `${file}:8 field usd_rate: not a NUMERIC: {"value":1}`,
            `${file}:10 field currency: not a STRING: ["EUR"]`,
            `${file}:11 field rate_date: not a DATE: 20240307`,
            `${file}:12 field usd_rate: not a NUMERIC: "1e400"`,
        ]);
        expect(loaded!.rows).toBe(3);
        const rates = await engine.query(
            `select cast(rate_date as string) as day, cast(usd_rate as string) as usd from ${raw}.fx_rates order by 1`,
        );
        expect(rates.rows).toEqual([
            { day: "2024-03-01", usd: "1.08" },
            { day: "2024-03-02", usd: "1.09" },
            { day: "2024-03-09", usd: "1.1" },
        ]);
    });

    it("INT64 takes whole numbers, quoted or not, and TIMESTAMP BigQuery's date forms", async () => {
        const spend = (clicks: unknown) => ({
            spend_date: "2024-03-01",
            channel: "Email",
            currency: "EUR",
            spend: 1,
            impressions: 10,
            clicks,
        });
        const event = (received_at: string) => ({ event_id: received_at, received_at, schema_version: "2" });
        const dir = folder({
            "ad_spend.ndjson": [spend(3), spend("4"), spend(-5), spend(2.5), spend("7x"), spend("99999999999999999999")],
            "events.ndjson": [
                event("2024-03-01 10:00:00"),
                event("2024/03/01 10:00:00+02:00"),
                event("2024-03-01T10:00:00.123456Z"),
                event("soon"),
            ],
        });
        const loads = await load(dir, { maxBadRecords: 3 });
        expect(loads.map((load) => [load.table.name, ...load.skipped.map((record) => `${record.line} ${record.field}`)])).toEqual([
            ["events", "4 received_at"],
            ["ad_spend", "4 clicks", "5 clicks", "6 clicks"],
        ]);
        expect(loads[1]!.skipped.map((record) => record.message)).toEqual([
            "not an INT64: 2.5",
            'not an INT64: "7x"',
            'not an INT64: "99999999999999999999"',
        ]);
        expect((await engine.query(`select clicks from ${raw}.ad_spend order by clicks`)).rows).toEqual([
            { clicks: "-5" },
            { clicks: "3" },
            { clicks: "4" },
        ]);
        expect((await engine.query(`select cast(received_at as string) as at from ${raw}.events order by 1`)).rows).toEqual([
            { at: "2024-03-01 08:00:00+00" },
            { at: "2024-03-01 10:00:00+00" },
            { at: "2024-03-01 10:00:00.123456+00" },
        ]);
    });

    it("refuses a field the raw table does not have, unless unknown values are ignored", async () => {
        const dir = folder({ "orders.ndjson": [order("o1"), { ...order("o2"), coupon: "SPRING" }] });
        expect((await loadError(dir)).message).toContain(`${join(dir, "orders.ndjson")}:2 field coupon: no such field in ${raw}.orders`);
        await load(dir, { ignoreUnknownValues: true });
        expect(await ids()).toEqual(["o1", "o2"]);
    });

    it("loads a file with at most --max-bad-records bad lines without them, and refuses one with more", async () => {
        const dir = folder({ "orders.ndjson": [order("o1"), order("o2", "ten"), order("o3"), order("o4", [])] });
        const refused = await loadError(dir, { maxBadRecords: 1 });
        expect(refused.message).toMatch(/orders\.ndjson: 2 bad records, more than the 1 allowed; the load changed nothing/);
        expect(await engine.relationKind({ schema: raw, name: "orders" })).toBeUndefined();
        const [loaded] = await load(dir, { maxBadRecords: 2 });
        expect(loaded!.skipped.map((record) => record.line)).toEqual([2, 4]);
        expect(await ids()).toEqual(["o1", "o3"]);
    });
});

describe("the load ledger", () => {
    it("records each file and refuses to append a file loaded already, unless forced", async () => {
        const dir = folder({ "orders.ndjson": [order("o1")], "fx_rates.ndjson": [rate("01")] });
        await load(dir);
        const refused = await loadError(dir);
        expect(refused).toBeInstanceOf(AlreadyLoadedError);
        expect(refused.message).toContain(
            `nothing was loaded: these files' contents were loaded already (the load ledger ${raw}.load_ledger)`,
        );
        expect(refused.message).toContain(`${raw}.orders: ${join(dir, "orders.ndjson")}, loaded `);
        expect(refused.message).toContain("--replace to replace the tables' rows, or --force to append anyway");
        expect(await ids()).toEqual(["o1"]);

        // the same content under another name is the same file
        const copy = folder({ "orders.ndjson": [order("o1")] });
        expect(await loadError(copy)).toBeInstanceOf(AlreadyLoadedError);

        await load(dir, { force: true });
        expect(await ids()).toEqual(["o1", "o1"]);
        await load(dir, { replace: true });
        expect(await ids()).toEqual(["o1"]);
        const ledger = await engine.query(
            `select table_name, file, bytes, sha256, \`rows\`, replaced from ${raw}.load_ledger order by table_name`,
        );
        expect(ledger.rows).toEqual([
            {
                table_name: `${raw}.fx_rates`,
                file: join(dir, "fx_rates.ndjson"),
                bytes: String(JSON.stringify(rate("01")).length + 1),
                sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
                rows: "1",
                replaced: true,
            },
            {
                table_name: `${raw}.orders`,
                file: join(dir, "orders.ndjson"),
                bytes: String(JSON.stringify(order("o1")).length + 1),
                sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
                rows: "1",
                replaced: true,
            },
        ]);
    });
});
