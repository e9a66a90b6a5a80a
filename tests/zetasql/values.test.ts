import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZetaSql } from "../../scripts/engines/zetasql/index.ts";
import { bytesToScaledDecimal, scaledDecimalToBytes } from "../../scripts/engines/zetasql/codec.ts";
import { formatType, parseType } from "../../scripts/engines/zetasql/types.ts";
import type { Column, Row } from "../../scripts/engines/values.ts";

let zeta: ZetaSql;
beforeAll(async () => {
    zeta = await ZetaSql.start();
});
afterAll(async () => {
    await zeta?.stop();
});

/** canonical -> ValueProto -> server -> ValueProto -> canonical. */
async function roundTrip(columns: Column[], rows: Row[]) {
    return zeta.evaluate("select * from t", [{ name: "t", columns, rows }]);
}

const EVERY_TYPE: Column[] = [
    { name: "i", type: "INT64" },
    { name: "f", type: "FLOAT64" },
    { name: "n", type: "NUMERIC" },
    { name: "bn", type: "BIGNUMERIC" },
    { name: "b", type: "BOOL" },
    { name: "s", type: "STRING" },
    { name: "by", type: "BYTES" },
    { name: "d", type: "DATE" },
    { name: "dt", type: "DATETIME" },
    { name: "t", type: "TIME" },
    { name: "ts", type: "TIMESTAMP" },
    { name: "j", type: "JSON" },
    { name: "iv", type: "INTERVAL" },
    { name: "a", type: "ARRAY<INT64>" },
    { name: "st", type: "STRUCT<x STRING, y ARRAY<DATE>>" },
];

describe("round trip through the server", () => {
    it("keeps a value of every type", async () => {
        const rows: Row[] = [
            {
                i: "-9223372036854775808",
                f: 1.25,
                n: "-12.5",
                bn: "1.00000000000000000000000000000000000001",
                b: true,
                s: "héllo 🌍",
                by: Buffer.from([0, 1, 2, 255]).toString("base64"),
                d: "0001-01-01",
                dt: "2024-02-29T23:59:59.999999",
                t: "00:00:00.000001",
                ts: "1969-12-31T23:59:59.999999Z",
                j: '{"a":[1,{"b":null,"c":"x"}]}',
                iv: "1-2 -3 4:5:6.500",
                a: ["9223372036854775807", "0"],
                st: { x: "k", y: ["9999-12-31", "1970-01-01"] },
            },
            {
                i: "42",
                f: -0.5,
                n: "0",
                bn: "-578960446186580977117854925043439539266.34992332820282019728792003956564819967",
                b: false,
                s: "",
                by: "",
                d: "2024-01-02",
                dt: "1970-01-01T00:00:00.000000",
                t: "23:59:59.999999",
                ts: "2024-01-02T03:04:05.000000Z",
                j: "[]",
                iv: "-0-1 0 -0:0:0.000001",
                a: [],
                st: { x: "", y: [] },
            },
        ];
        const result = await roundTrip(EVERY_TYPE, rows);
        expect(result.columns).toEqual(EVERY_TYPE);
        expect(result.rows).toEqual(rows);
    });

    it("keeps NaN and infinities", async () => {
        const rows = [{ f: Number.NaN }, { f: Number.POSITIVE_INFINITY }, { f: Number.NEGATIVE_INFINITY }, { f: -0 }];
        const result = await roundTrip([{ name: "f", type: "FLOAT64" }], rows);
        expect(result.rows.map((row) => row.f)).toEqual([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0]);
    });

    it("keeps NULL in every type; a NULL array comes back as [] as in BigQuery", async () => {
        const nulls = Object.fromEntries(EVERY_TYPE.map((column) => [column.name, null]));
        const result = await roundTrip(EVERY_TYPE, [nulls, { st: { x: null, y: null } }]);
        expect(result.rows[0]).toEqual({ ...nulls, a: [] });
        expect(result.rows[1]).toEqual({ ...nulls, a: [], st: { x: null, y: [] } });
    });

    it("keeps NUMERIC edge cases", async () => {
        const values = [
            "-1",
            "0",
            "0.000000001",
            "-0.000000001",
            "99999999999999999999999999999.999999999",
            "-99999999999999999999999999999.999999999",
            "12345678901234567890123456789.123456789",
            "128",
            "-128",
            "255",
            "-129",
        ];
        const result = await roundTrip(
            [{ name: "n", type: "NUMERIC" }],
            values.map((n) => ({ n })),
        );
        expect(result.rows.map((row) => row.n)).toEqual(values);
    });

    it("agrees with the server's own NUMERIC arithmetic and text", async () => {
        const result = await zeta.evaluate("select n * 2 as doubled, cast(n as string) as text from t", [
            { name: "t", columns: [{ name: "n", type: "NUMERIC" }], rows: [{ n: "-12.5" }, { n: "0.000000001" }] },
        ]);
        expect(result.rows).toEqual([
            { doubled: "-25", text: "-12.5" },
            { doubled: "0.000000002", text: "0.000000001" },
        ]);
    });

    it("keeps TIMESTAMP microseconds, and the server sees the same instant", async () => {
        const ts = "2024-03-10T01:02:03.123456Z";
        const result = await zeta.evaluate(
            "select ts, unix_micros(ts) as micros, format_timestamp('%Y-%m-%d %H:%M:%E6S', ts) as text from t",
            [{ name: "t", columns: [{ name: "ts", type: "TIMESTAMP" }], rows: [{ ts }] }],
        );
        expect(result.rows).toEqual([{ ts, micros: String(Date.parse(ts) * 1000 + 456), text: "2024-03-10 01:02:03.123456" }]);
    });

    it("keeps arrays of structs with nested arrays", async () => {
        const columns = [{ name: "items", type: "ARRAY<STRUCT<a INT64, b ARRAY<STRING>, c STRUCT<d NUMERIC>>>" }];
        const rows = [
            {
                items: [
                    { a: "1", b: ["x", "y"], c: { d: "1.5" } },
                    { a: null, b: [], c: null },
                ],
            },
            { items: [] },
        ];
        const result = await roundTrip(columns, rows);
        expect(result.columns).toEqual(columns);
        expect(result.rows).toEqual(rows);
        const flattened = await zeta.evaluate("select item.a, b from t, unnest(items) item, unnest(item.b) b order by b", [
            { name: "t", columns, rows },
        ]);
        expect(flattened.rows).toEqual([
            { a: "1", b: "x" },
            { a: "1", b: "y" },
        ]);
    });
});

describe("BigQuery settings", () => {
    it("DATE(ts) and EXTRACT use UTC, not the server's default zone", async () => {
        const result = await zeta.evaluate("select date(ts) as d, extract(hour from ts) as h, string(ts) as s from t", [
            { name: "t", columns: [{ name: "ts", type: "TIMESTAMP" }], rows: [{ ts: "2024-01-02T03:04:05.000000Z" }] },
        ]);
        expect(result.rows).toEqual([{ d: "2024-01-02", h: "3", s: "2024-01-02 03:04:05+00" }]);
    });

    it("names unnamed columns and anonymous struct fields as BigQuery does", async () => {
        const result = await zeta.evaluate("select 1, 'a' as x, struct(2, 'b' as y)", []);
        expect(result.columns).toEqual([
            { name: "f0_", type: "INT64" },
            { name: "x", type: "STRING" },
            { name: "f2_", type: "STRUCT<INT64, y STRING>" },
        ]);
        expect(result.rows).toEqual([{ f0_: "1", x: "a", f2_: { _field_1: "2", y: "b" } }]);
    });

    it("supports QUALIFY, named windows, JSON, INTERVAL arithmetic", async () => {
        const result = await zeta.evaluate(
            `select id, json_value(payload, '$.a') as a, ts + interval 1 day as next_day
       from t qualify row_number() over w = 1 window w as (partition by grp order by id desc)`,
            [
                {
                    name: "t",
                    columns: [
                        { name: "id", type: "INT64" },
                        { name: "grp", type: "STRING" },
                        { name: "payload", type: "JSON" },
                        { name: "ts", type: "TIMESTAMP" },
                    ],
                    rows: [
                        { id: "1", grp: "g", payload: '{"a":"old"}', ts: "2024-01-01T00:00:00.000000Z" },
                        { id: "2", grp: "g", payload: '{"a":"new"}', ts: "2024-01-31T12:00:00.000000Z" },
                    ],
                },
            ],
        );
        expect(result.rows).toEqual([{ id: "2", a: "new", next_day: "2024-02-01T12:00:00.000000Z" }]);
    });

    it("refuses an array with a NULL element, as BigQuery does in a result", async () => {
        await expect(zeta.evaluate("select [1, null] as a", [])).rejects.toThrow(/NULL element/);
    });
});

describe("encoding without the server", () => {
    it("encodes NUMERIC as minimal little-endian two's complement of value x 1e9", () => {
        expect([...scaledDecimalToBytes("12.5", 9)]).toEqual([0x00, 0xdd, 0x0e, 0xe9, 0x02]);
        expect([...scaledDecimalToBytes("0", 9)]).toEqual([0x00]);
        expect([...scaledDecimalToBytes("-0.000000001", 9)]).toEqual([0xff]);
        expect([...scaledDecimalToBytes("0.000000128", 9)]).toEqual([0x80, 0x00]);
        expect(bytesToScaledDecimal(Buffer.from([0x00, 0xdd, 0x0e, 0xe9, 0x02]), 9)).toBe("12.5");
        expect(() => scaledDecimalToBytes("0.0000000001", 9)).toThrow(/fraction digits/);
    });

    it("parses type text to a tree and prints it back", () => {
        expect(formatType(parseType("array<struct<a int64, b ARRAY<string>>>"))).toBe("ARRAY<STRUCT<a INT64, b ARRAY<STRING>>>");
        expect(formatType(parseType("STRUCT<INT64, `select` STRING(10), c DECIMAL(10, 2)>"))).toBe(
            "STRUCT<INT64, `select` STRING, c NUMERIC>",
        );
        expect(parseType("ARRAY<STRUCT<ARRAY<INT64>>>")).toEqual({
            kind: "ARRAY",
            element: { kind: "STRUCT", fields: [{ name: "", type: { kind: "ARRAY", element: { kind: "INT64" } } }] },
        });
        expect(() => parseType("ARRAY<INT64")).toThrow(/expected >/);
        expect(() => parseType("GEOGRAPHY")).toThrow(/unsupported type/);
    });

    it("rejects values that do not fit their column", async () => {
        await expect(roundTrip([{ name: "i", type: "INT64" }], [{ i: "9223372036854775808" }])).rejects.toThrow(/INT64 range/);
        await expect(roundTrip([{ name: "d", type: "DATE" }], [{ d: "2023-02-29" }])).rejects.toThrow(/not a valid date/);
        await expect(roundTrip([{ name: "s", type: "STRUCT<a INT64>" }], [{ s: { b: "1" } }])).rejects.toThrow(/unknown: b/);
    });
});
