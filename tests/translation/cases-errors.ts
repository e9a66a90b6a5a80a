/** Queries BigQuery rejects at run time; DuckDB must fail too, never answer. */
export const errorCases: { name: string; sql: string }[] = [
    { name: "division by zero", sql: "select x / 0 as y from unnest([1]) as x" },
    { name: "DATE_SUB below year 1", sql: "select date_sub(d, interval 1 day) as y from unnest([date '0001-01-01']) as d" },
    { name: "DATE_ADD past 9999-12-31", sql: "select date_add(d, interval 1 month) as y from unnest([date '9999-12-31']) as d" },
    {
        name: "a zone conversion before year 1",
        sql: "select datetime(ts, '-08') as y from unnest([timestamp '0001-01-01 00:00:00+00']) as ts",
    },
    { name: "SQRT of a negative number", sql: "select sqrt(x) as y from unnest([-1.0]) as x" },
    { name: "FLOAT64 division overflow", sql: "select x / 1e-300 as y from unnest([1e308]) as x" },
    { name: "DIV by zero", sql: "select div(x, 0) as y from unnest([1]) as x" },
    { name: "MOD by zero", sql: "select mod(x, 0) as y from unnest([1]) as x" },
    { name: "CAST of '12.5' to INT64", sql: "select cast(x as int64) as y from unnest(['12.5']) as x" },
    { name: "CAST of 'yes' to BOOL", sql: "select cast(x as bool) as y from unnest(['yes']) as x" },
    { name: "CAST of '1_000' to NUMERIC", sql: "select cast(x as numeric) as y from unnest(['1_000']) as x" },
    {
        name: "CAST of text past 29 digits to NUMERIC",
        sql: "select cast(x as numeric) as y from unnest(['100000000000000000000000000000']) as x",
    },
    { name: "CAST of '+-1' to FLOAT64", sql: "select cast(x as float64) as y from unnest(['+-1']) as x" },
    { name: "OFFSET out of range", sql: "select arr[offset(3)] as y from (select [1, 2] as arr)" },
    { name: "ORDINAL zero", sql: "select arr[ordinal(0)] as y from (select [1, 2] as arr)" },
    { name: "PARSE_JSON of a trailing comma", sql: "select parse_json(x) is null as y from unnest(['{\"a\": 1,}']) as x" },
    {
        name: "PARSE_JSON of a lone surrogate",
        sql: "select parse_json(replace(x, '#', '\\\\')) is null as y from unnest(['[\"#ud800\"]']) as x",
    },
    { name: "PARSE_DATE of bad text", sql: "select parse_date('%Y-%m-%d', x) as y from unnest(['2024-13-01']) as x" },
    { name: "SUBSTR with a negative length", sql: "select substr(x, 1, -1) as y from unnest(['abc']) as x" },
    { name: "GENERATE_ARRAY with step 0", sql: "select generate_array(1, 3, x) as y from unnest([0]) as x" },
    {
        name: "TIMESTAMP of text with an offset and a zone",
        sql: "select timestamp(x, 'Europe/Paris') as y from unnest(['2024-07-01 12:00:00+02:00']) as x",
    },
];
