import type { TableData } from "../../scripts/engines/zetasql/index.ts";
import type { SqlValue } from "../../scripts/engines/values.ts";

/** The table every fuzzed expression reads: one column per type, rows of edge values (and one of NULLs). */
const COLUMNS =
    "id INT64, i INT64, j INT64, f FLOAT64, n NUMERIC, b BOOL, s STRING, u STRING, byt BYTES, d DATE, dt DATETIME, ts TIMESTAMP, ai ARRAY<INT64>, as_ ARRAY<STRING>";

/** One row per line, values in column order (canonical form, scripts/engines/values.ts). */
const ROWS: SqlValue[][] = [
    [
        "0",
        "0",
        "3",
        0,
        "0",
        false,
        "",
        "https://user:pw@www.Example.co.uk:8080/path?q=1#top",
        "",
        "1970-01-01",
        "1970-01-01T00:00:00.000000",
        "1970-01-01T00:00:00.000000Z",
        [],
        [],
    ],
    [
        "1",
        "9223372036854775807",
        "-1",
        Infinity,
        "99999999999999999999999999999.999999999",
        true,
        "ünïcödé ß ǅ 😀",
        "x,y,,z",
        "w/8A",
        "2024-02-29",
        "2024-03-10T02:30:00.000000",
        "2024-03-10T07:30:00.000000Z",
        ["1", "2", "3"],
        ["a", "b"],
    ],
    ["2", null, null, null, null, null, null, null, null, null, null, null, [], []],
    [
        "3",
        "-9223372036854775808",
        "7",
        -Infinity,
        "-1.5",
        false,
        "  MiXeD Case  ",
        "mailto:?to=&subject=",
        "AP8=",
        "1950-01-01",
        "2024-12-31T23:59:59.999999",
        "2024-10-27T00:30:00.000000Z",
        ["-1", "0"],
        ["", "x,y"],
    ],
    [
        "4",
        "-7",
        "2",
        NaN,
        "2.5",
        true,
        "2024-02-29",
        "//a.b/c",
        "YWJj",
        "9999-12-31",
        "2023-03-26T01:30:00.000000",
        "2023-03-26T01:00:00.000000Z",
        ["5"],
        ["ß"],
    ],
    [
        "5",
        "42",
        "0",
        -2.5,
        "0.000000001",
        false,
        "Abc,def 12",
        "20240310",
        "/+8=",
        "2024-03-10",
        "2024-02-29T12:00:00.500000",
        "2024-02-29T23:59:59.999999Z",
        ["2", "2"],
        ["a"],
    ],
    [
        "6",
        "5",
        "-2",
        0.1,
        "-0.5",
        true,
        "true",
        "-3.5",
        "gA==",
        "2024-12-30",
        "2024-10-27T02:30:00.000000",
        "2024-03-31T01:30:00.000000Z",
        ["0"],
        ["12", "c"],
    ],
];

const columns = COLUMNS.split(", ").map((spec) => {
    const [name, type] = spec.split(" ") as [string, string];
    return { name, type };
});

export const fuzzTable: TableData = {
    name: "fuzz.t",
    columns,
    rows: ROWS.map((values) => Object.fromEntries(columns.map((column, index) => [column.name, values[index] ?? null]))),
};
