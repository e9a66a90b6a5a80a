import type { TableData } from "../../scripts/engines/zetasql/index.ts";

/** Raw tracking events: duplicates, NULLs, JSON payloads and URLs, as event modeling sees them. */
export const events: TableData = {
  name: "fixture.events",
  columns: [
    { name: "event_id", type: "STRING" },
    { name: "user_id", type: "STRING" },
    { name: "event_name", type: "STRING" },
    { name: "event_at", type: "TIMESTAMP" },
    { name: "page_url", type: "STRING" },
    { name: "payload", type: "STRING" },
    { name: "revenue", type: "NUMERIC" },
    { name: "client_ms", type: "INT64" },
  ],
  rows: [
    { event_id: "e1", user_id: "u1", event_name: "page_view", event_at: "2024-03-01T10:00:00.000000Z", page_url: "https://shop.example.com/a?utm_source=google&utm_medium=cpc", payload: '{"page":{"title":"Home"},"items":[{"sku":"a","qty":1}],"ok":true}', revenue: null, client_ms: "1709287200000" },
    { event_id: "e1", user_id: "u1", event_name: "page_view", event_at: "2024-03-01T10:00:00.500000Z", page_url: "https://shop.example.com/a?utm_source=google&utm_medium=cpc", payload: '{"page":{"title":"Home"},"items":[],"ok":true}', revenue: null, client_ms: "1709287200500" },
    { event_id: "e2", user_id: "u1", event_name: "purchase", event_at: "2024-03-01T10:20:59.999999Z", page_url: "https://shop.example.com/checkout", payload: '{"order":{"id":"o1","total":12.5},"items":[{"sku":"a","qty":2},{"sku":"b","qty":1}]}', revenue: "12.5", client_ms: "1709288459999" },
    { event_id: "e3", user_id: "u1", event_name: "page_view", event_at: "2024-03-01T11:30:00.000000Z", page_url: "http://shop.example.com/b?utm_source=newsletter", payload: '{"page":{"title":null}}', revenue: null, client_ms: null },
    { event_id: "e4", user_id: "u2", event_name: "page_view", event_at: "2024-03-02T23:59:59.000000Z", page_url: null, payload: null, revenue: null, client_ms: "1709423999000" },
    { event_id: "e5", user_id: "u2", event_name: "purchase", event_at: "2024-03-03T00:00:01.000000Z", page_url: "https://shop.example.com/checkout?utm_campaign=spring%20sale", payload: '{"order":{"id":"o2","total":7}}', revenue: "7.333333333", client_ms: "1709424001000" },
    { event_id: "e6", user_id: null, event_name: "page_view", event_at: "2024-03-03T08:00:00.000000Z", page_url: "https://other.example.org/", payload: "not json", revenue: null, client_ms: "0" },
  ],
};

/** One column of every BigQuery type, to check loading and reading keep values exact. */
export const allTypes: TableData = {
  name: "fixture.all_types",
  columns: [
    { name: "s", type: "STRING" },
    { name: "i", type: "INT64" },
    { name: "f", type: "FLOAT64" },
    { name: "n", type: "NUMERIC" },
    { name: "b", type: "BOOL" },
    { name: "d", type: "DATE" },
    { name: "dt", type: "DATETIME" },
    { name: "ts", type: "TIMESTAMP" },
    { name: "t", type: "TIME" },
    { name: "j", type: "JSON" },
    { name: "by", type: "BYTES" },
    { name: "arr", type: "ARRAY<INT64>" },
    { name: "st", type: "STRUCT<k STRING, v ARRAY<STRUCT<x FLOAT64>>>" },
  ],
  rows: [
    {
      s: "it's \\ ünïcode", i: "9223372036854775807", f: 0.1, n: "-12345678901234567890.123456789", b: true,
      d: "2024-02-29", dt: "2024-02-29T23:59:59.999999", ts: "1970-01-01T00:00:00.000001Z", t: "23:59:59.500000",
      j: '{"a":[1,2],"b":null}', by: "AP8=", arr: ["1", "-2"], st: { k: "key", v: [{ x: 1.5 }, { x: -0 }] },
    },
    { s: null, i: null, f: null, n: null, b: null, d: null, dt: null, ts: null, t: null, j: null, by: null, arr: [], st: null },
  ],
};
