/** Queries BigQuery rejects at run time; DuckDB must fail too, never answer. */
export const errorCases: { name: string; sql: string }[] = [
    { name: "division by zero", sql: "select x / 0 as y from unnest([1]) as x" },
    { name: "DIV by zero", sql: "select div(x, 0) as y from unnest([1]) as x" },
    { name: "MOD by zero", sql: "select mod(x, 0) as y from unnest([1]) as x" },
    { name: "CAST of '12.5' to INT64", sql: "select cast(x as int64) as y from unnest(['12.5']) as x" },
    { name: "CAST of 'yes' to BOOL", sql: "select cast(x as bool) as y from unnest(['yes']) as x" },
    { name: "OFFSET out of range", sql: "select arr[offset(3)] as y from (select [1, 2] as arr)" },
    { name: "ORDINAL zero", sql: "select arr[ordinal(0)] as y from (select [1, 2] as arr)" },
    { name: "PARSE_DATE of bad text", sql: "select parse_date('%Y-%m-%d', x) as y from unnest(['2024-13-01']) as x" },
    { name: "SUBSTR with a negative length", sql: "select substr(x, 1, -1) as y from unnest(['abc']) as x" },
    { name: "GENERATE_ARRAY with step 0", sql: "select generate_array(1, 3, x) as y from unnest([0]) as x" },
    {
        name: "TIMESTAMP of text with an offset and a zone",
        sql: "select timestamp(x, 'Europe/Paris') as y from unnest(['2024-07-01 12:00:00+02:00']) as x",
    },
];
