/**
 * A seeded generator of typed BigQuery expressions and queries over the
 * translated subset (docs/sql-subset.md), biased toward the values where
 * engines disagree: NULLs, NaN and infinities, integer overflow, empty and
 * NULL arrays, time zones across DST changes, leap days, negative intervals
 * and unicode. Every expression reads the fixture table `fuzz.t` (fixture.ts).
 */

/** mulberry32: a small, fast, seeded PRNG; the same seed gives the same cases. */
export class Random {
    private state: number;

    constructor(seed: number) {
        this.state = seed >>> 0;
    }

    next(): number {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }

    int(below: number): number {
        return Math.floor(this.next() * below);
    }

    pick<T>(items: readonly T[]): T {
        return items[this.int(items.length)]!;
    }

    chance(probability: number): boolean {
        return this.next() < probability;
    }
}

export type SqlType =
    "INT64" | "FLOAT64" | "NUMERIC" | "BOOL" | "STRING" | "BYTES" | "DATE" | "DATETIME" | "TIMESTAMP" | "ARRAY<INT64>" | "ARRAY<STRING>";

export const TYPES: SqlType[] = [
    "INT64",
    "FLOAT64",
    "NUMERIC",
    "BOOL",
    "STRING",
    "BYTES",
    "DATE",
    "DATETIME",
    "TIMESTAMP",
    "ARRAY<INT64>",
    "ARRAY<STRING>",
];

/**
 * The fixture's columns of each type. SAFE_CAST reads text from columns only: DuckDB folds a constant
 * that casts to NULL, and then skips evaluating what it is combined with (a known difference).
 */
const COLUMNS: Record<SqlType, string[]> = {
    INT64: ["i", "j"],
    FLOAT64: ["f"],
    NUMERIC: ["n"],
    BOOL: ["b"],
    STRING: ["s", "u"],
    BYTES: ["byt"],
    DATE: ["d"],
    DATETIME: ["dt"],
    TIMESTAMP: ["ts"],
    "ARRAY<INT64>": ["ai"],
    "ARRAY<STRING>": ["as_"],
};

/** FLOAT64 arithmetic beyond ±1.8e308 is infinite locally, an error in BigQuery (docs/sql-subset.md): no 1e308 literal. */
const LITERALS: Record<SqlType, string[]> = {
    INT64: ["0", "1", "-1", "7", "-7", "42", "2147483648", "9223372036854775807", "-9223372036854775807"],
    FLOAT64: [
        "0.0",
        "-0.0",
        "0.1",
        "1.5",
        "-2.5",
        "2.5",
        "-1e-300",
        "cast('nan' as float64)",
        "cast('inf' as float64)",
        "cast('-inf' as float64)",
    ],
    NUMERIC: [
        "numeric '1.5'",
        "numeric '-2.5'",
        "numeric '0.000000001'",
        "numeric '99999999999999999999999999999.999999999'",
        "numeric '0'",
    ],
    BOOL: ["true", "false", "cast(null as bool)"],
    STRING: [
        "''",
        "'a'",
        "'Ab'",
        "'ünïcödé'",
        "'ß'",
        "'ǅ'",
        "'😀x'",
        "'x,y,,z'",
        "' pad '",
        "'2024-02-29'",
        "'20240310'",
        "'12'",
        "'-3.5'",
        "'https://User@www.Example.co.uk:8080/p?q=1#f'",
        "'mailto:a@b.c'",
        "'//a.b/c'",
        "'true'",
        "cast(null as string)",
    ],
    BYTES: ["b''", "b'abc'", "from_base64('/+8=')", "cast(null as bytes)"],
    DATE: [
        "date '1970-01-01'",
        "date '2024-02-29'",
        "date '2023-02-28'",
        "date '2024-03-10'",
        "date '2024-12-30'",
        "date '1950-06-15'",
        "date '9999-12-31'",
        "cast(null as date)",
    ],
    DATETIME: [
        "datetime '2024-03-10 02:30:00'",
        "datetime '2024-02-29 23:59:59.999999'",
        "datetime '1970-01-01 00:00:00'",
        "cast(null as datetime)",
    ],
    TIMESTAMP: [
        "timestamp '2024-03-10 07:30:00+00'",
        "timestamp '2024-10-27 00:30:00+00'",
        "timestamp '2024-02-29 23:59:59.999999+00'",
        "timestamp '1970-01-01 00:00:00+00'",
        "timestamp '2023-03-26 01:00:00+00'",
        "cast(null as timestamp)",
    ],
    "ARRAY<INT64>": ["[1, 2, 3]", "cast([] as array<int64>)", "[0, -1]", "cast(null as array<int64>)"],
    "ARRAY<STRING>": ["['a', 'b']", "cast([] as array<string>)", "['', 'x,y']", "cast(null as array<string>)"],
};

const ZONES = ["'UTC'", "'America/New_York'", "'Europe/Berlin'", "'Asia/Kolkata'", "'Australia/Lord_Howe'", "'+05:30'", "'-08'"];
const SMALL = ["0", "1", "2", "3", "-1", "-2", "5"];
const AMOUNTS = ["0", "1", "-1", "13", "-30", "400"];

type Generate = (r: Random, depth: number) => string;

/** Expression forms by result type; `e(type)` nests. */
function forms(e: (type: SqlType) => Generate): Record<SqlType, Generate[]> {
    const E = (type: SqlType, r: Random, depth: number) => e(type)(r, depth);
    return {
        INT64: [
            (r, d) => `(${E("INT64", r, d)} ${r.pick(["+", "-", "*"])} ${E("INT64", r, d)})`,
            (r, d) => `${r.pick(["div", "mod"])}(${E("INT64", r, d)}, ${E("INT64", r, d)})`,
            (r, d) => `${r.pick(["abs", "sign"])}(${E("INT64", r, d)})`,
            (r, d) => `-${E("INT64", r, d)}`,
            (r, d) => `${r.pick(["length", "char_length", "ascii"])}(${E("STRING", r, d)})`,
            (r, d) => `strpos(${E("STRING", r, d)}, ${r.pick(["'a'", "'b'", "''", "','"])})`,
            (r, d) => `array_length(${E("ARRAY<INT64>", r, d)})`,
            (r, d) =>
                `extract(${r.pick(["year", "month", "day", "dayofweek", "dayofyear", "week", "isoweek", "isoyear", "quarter"])} from ${E("DATE", r, d)})`,
            (r, d) => `extract(${r.pick(["hour", "minute", "second", "day", "dayofweek"])} from ${E("TIMESTAMP", r, d)})`,
            (r, d) =>
                `date_diff(${E("DATE", r, d)}, ${E("DATE", r, d)}, ${r.pick(["day", "week", "month", "quarter", "year", "isoyear", "week(monday)"])})`,
            (r, d) =>
                `timestamp_diff(${E("TIMESTAMP", r, d)}, ${E("TIMESTAMP", r, d)}, ${r.pick(["microsecond", "second", "minute", "hour", "day"])})`,
            (r, d) => `${r.pick(["unix_date"])}(${E("DATE", r, d)})`,
            (r, d) => `${r.pick(["unix_seconds", "unix_millis", "unix_micros"])}(${E("TIMESTAMP", r, d)})`,
            (r, d) => `cast(${E("FLOAT64", r, d)} as int64)`,
            (r, d) => `cast(${E("NUMERIC", r, d)} as int64)`,
            (r) => `safe_cast(${r.pick(COLUMNS.STRING)} as int64)`,
            (r, d) => `if(${E("BOOL", r, d)}, ${E("INT64", r, d)}, ${E("INT64", r, d)})`,
            (r, d) => `${r.pick(["coalesce", "ifnull", "greatest", "least", "nullif"])}(${E("INT64", r, d)}, ${E("INT64", r, d)})`,
            (r, d) => `farm_fingerprint(${E("STRING", r, d)})`,
            (r, d) => `${E("ARRAY<INT64>", r, d)}[safe_offset(${r.pick(SMALL)})]`,
            (r, d) => `case when ${E("BOOL", r, d)} then ${E("INT64", r, d)} else ${E("INT64", r, d)} end`,
        ],
        FLOAT64: [
            (r, d) => `(${E(r.pick(["INT64", "FLOAT64"]), r, d)} / ${E(r.pick(["INT64", "FLOAT64"]), r, d)})`,
            (r, d) => `(${E("FLOAT64", r, d)} ${r.pick(["+", "-", "*"])} ${E(r.pick(["INT64", "FLOAT64"]), r, d)})`,
            (r, d) => `${r.pick(["sqrt", "ln", "log10", "exp", "abs", "sign"])}(${E("FLOAT64", r, d)})`,
            (r, d) => `${r.pick(["pow", "power"])}(${E("FLOAT64", r, d)}, ${r.pick(["2", "0.5", "-1", "3.0"])})`,
            (r, d) => `${r.pick(["round", "floor", "ceil"])}(${E("FLOAT64", r, d)})`,
            (r, d) => `round(${E("FLOAT64", r, d)}, ${r.pick(SMALL)})`,
            // A constant divisor of 0 lets DuckDB skip the dividend (a known difference): the divisor is the column.
            (r, d) => `safe_divide(${E("FLOAT64", r, d)}, ${r.pick(COLUMNS.FLOAT64)})`,
            (r, d) => `cast(${E(r.pick(["INT64", "NUMERIC"]), r, d)} as float64)`,
            (r) => `safe_cast(${r.pick(COLUMNS.STRING)} as float64)`,
            (r, d) => `if(is_nan(${E("FLOAT64", r, d)}), 1.0, ${E("FLOAT64", r, d)})`,
            (r, d) => `${r.pick(["least", "greatest"])}(${E("FLOAT64", r, d)}, ${E("FLOAT64", r, d)})`,
            (r, d) => `case ${E("FLOAT64", r, d)} when ${E("FLOAT64", r, d)} then 1.0 when cast('nan' as float64) then 2.0 else 3.0 end`,
        ],
        NUMERIC: [
            (r, d) => `(${E("NUMERIC", r, d)} ${r.pick(["+", "-", "*"])} ${E("NUMERIC", r, d)})`,
            (r, d) => `cast(${E("INT64", r, d)} as numeric)`,
            (r, d) => `round(${E("NUMERIC", r, d)}, ${r.pick(["0", "2", "5"])})`,
            (r, d) => `abs(${E("NUMERIC", r, d)})`,
            (r) => `safe_cast(${r.pick(COLUMNS.STRING)} as numeric)`,
        ],
        BOOL: [
            (r, d) => {
                const type = r.pick(["INT64", "FLOAT64", "NUMERIC", "STRING", "DATE", "TIMESTAMP", "BOOL"] as SqlType[]);
                return `(${E(type, r, d)} ${r.pick(["=", "!=", "<", "<=", ">", ">="])} ${E(type, r, d)})`;
            },
            (r, d) => `(${E("BOOL", r, d)} ${r.pick(["and", "or"])} ${E("BOOL", r, d)})`,
            (r, d) => `not ${E("BOOL", r, d)}`,
            (r, d) => `(${E(r.pick(TYPES), r, d)} is ${r.pick(["", "not "])}null)`,
            (r, d) => `${r.pick(["starts_with", "ends_with"])}(${E("STRING", r, d)}, ${r.pick(["'a'", "''", "'x'"])})`,
            (r, d) => `regexp_contains(${E("STRING", r, d)}, ${r.pick(["r'[a-c]'", "r'^x'", "r'\\d+'", "r'(?i)ab'"])})`,
            (r, d) => `${r.pick(["is_nan", "is_inf"])}(${E("FLOAT64", r, d)})`,
            (r, d) => `(${E("STRING", r, d)} like ${r.pick(["'a%'", "'%b'", "'_'", "'%'"])})`,
            (r, d) => `(${E("INT64", r, d)} in (${E("INT64", r, d)}, ${r.pick(SMALL)}))`,
            // DuckDB folds `1 BETWEEN 3 AND x` to FALSE without reading x, which may raise (a known difference): a column bound.
            (r, d) => `(${E("INT64", r, d)} between ${r.pick(COLUMNS.INT64)} and ${E("INT64", r, d)})`,
            // FLOAT64 with NaN: BigQuery's NaN equals nothing and orders below every number, DuckDB's equals NaN and orders above
            (r, d) =>
                `(${E("FLOAT64", r, d)} ${r.pick(["in", "not in"])} (${E("FLOAT64", r, d)}, ${r.pick(["1.5", "null", "cast('nan' as float64)"])}))`,
            (r, d) => `(${E("FLOAT64", r, d)} ${r.pick(["between", "not between"])} ${E("FLOAT64", r, d)} and ${E("FLOAT64", r, d)})`,
            // A constant NULL array is folded by DuckDB without reading the left side (a known difference): a column here.
            (r, d) => `(${E("INT64", r, d)} in unnest(${r.pick(COLUMNS["ARRAY<INT64>"])}))`,
            (r) => `safe_cast(${r.pick(COLUMNS.STRING)} as bool)`,
            (r, d) => `coalesce(${E("BOOL", r, d)}, false)`,
        ],
        STRING: [
            (r, d) => `concat(${E("STRING", r, d)}, ${E("STRING", r, d)})`,
            (r, d) => `(${E("STRING", r, d)} || ${E("STRING", r, d)})`,
            (r, d) => `${r.pick(["lower", "upper", "trim", "ltrim", "rtrim", "reverse"])}(${E("STRING", r, d)})`,
            (r, d) => `substr(${E("STRING", r, d)}, ${r.pick(SMALL)}${r.chance(0.5) ? `, ${r.pick(["0", "1", "2", "10"])}` : ""})`,
            (r, d) => `replace(${E("STRING", r, d)}, ${r.pick(["'a'", "','", "''"])}, ${r.pick(["'-'", "''"])})`,
            (r, d) => `${r.pick(["left", "right"])}(${E("STRING", r, d)}, ${r.pick(["0", "1", "3"])})`,
            (r, d) => `repeat(${E("STRING", r, d)}, ${r.pick(["0", "2"])})`,
            (r, d) =>
                `cast(${E(r.pick(["INT64", "FLOAT64", "NUMERIC", "BOOL", "DATE", "DATETIME", "TIMESTAMP"] as SqlType[]), r, d)} as string)`,
            (r, d) => `format_date(${r.pick(["'%Y-%m-%d'", "'%a %b %d %j'", "'%A %B %y'", "'%F %w'", "'%D'"])}, ${E("DATE", r, d)})`,
            (r, d) =>
                `format_timestamp(${r.pick(["'%F %T'", "'%Y%m%d %H:%M'", "'%E6S %p %I'"])}, ${E("TIMESTAMP", r, d)}, ${r.pick(ZONES)})`,
            (r, d) => `format_datetime('%F %T', ${E("DATETIME", r, d)})`,
            (r, d) =>
                `cast(${E("DATE", r, d)} as string format ${r.pick(["'YYYY-MM-DD'", "'DD Mon YYYY'", "'Day, MONTH DD'", "'YY/MM/DDD D'"])})`,
            (r, d) =>
                `cast(${E("TIMESTAMP", r, d)} as string format ${r.pick(["'YYYY-MM-DD HH24:MI:SS'", "'HH12:MI AM FF3'", "'MON DD YYYY hh:mi p.m.'"])})`,
            (r, d) => `net.host(${E("STRING", r, d)})`,
            (r, d) =>
                `to_json_string(${r.chance(0.5) ? E(r.pick(["INT64", "STRING", "BOOL", "DATE", "ARRAY<INT64>"] as SqlType[]), r, d) : `struct(${E("INT64", r, d)} as a, ${E("STRING", r, d)} as b)`})`,
            (r, d) => `${r.pick(["to_hex", "to_base64", "safe_convert_bytes_to_string"])}(${E("BYTES", r, d)})`,
            (r, d) => `array_to_string(${E("ARRAY<STRING>", r, d)}, ${r.pick(["','", "''"])}${r.chance(0.3) ? ", 'NULL'" : ""})`,
            (r, d) =>
                `regexp_replace(${E("STRING", r, d)}, ${r.pick(["r'[aeiou]'", "r'\\s+'", "r'(.)'"])}, ${r.pick(["'x'", "''", "r'\\1\\1'"])})`,
            (r, d) => `regexp_extract(${E("STRING", r, d)}, ${r.pick(["r'[a-z]+'", "r'(\\d+)'", "r'^(.)'"])})`,
            (r) =>
                `json_value(${r.pick(['\'{"a": "x", "b": [1, 2]}\'', "'{\"a\": 1.5}'", "'[1]'", "'not json'"])}, ${r.pick(["'$.a'", "'$.b[0]'", "'$'"])})`,
            (r, d) => `split(${E("STRING", r, d)}, ',')[safe_offset(${r.pick(["0", "1", "5"])})]`,
            (r, d) => `ifnull(${E("STRING", r, d)}, 'z')`,
            (r) => `safe.substr(${r.pick(COLUMNS.STRING)}, ${r.pick(["1", "-2", "i"])}, ${r.pick(["2", "-1", "j"])})`,
        ],
        BYTES: [(r, d) => `${r.pick(["sha256", "md5", "sha1"])}(${E("STRING", r, d)})`, (r, d) => `from_hex(to_hex(${E("BYTES", r, d)}))`],
        DATE: [
            (r, d) =>
                `date_${r.pick(["add", "sub"])}(${E("DATE", r, d)}, interval ${r.pick(AMOUNTS)} ${r.pick(["day", "week", "month", "quarter", "year"])})`,
            (r, d) =>
                `date_trunc(${E("DATE", r, d)}, ${r.pick(["month", "week", "week(monday)", "isoweek", "year", "quarter", "isoyear"])})`,
            (r, d) => `last_day(${E("DATE", r, d)})`,
            (r, d) => `date(${E("TIMESTAMP", r, d)}${r.chance(0.6) ? `, ${r.pick(ZONES)}` : ""})`,
            (r, d) => `date(${E("DATETIME", r, d)})`,
            (r, d) => `safe.parse_date(${r.pick(["'%Y-%m-%d'", "'%Y%m%d'", "'%d/%m/%Y'"])}, ${E("STRING", r, d)})`,
            (r) => `safe_cast(${r.pick(COLUMNS.STRING)} as date)`,
            (r) => `safe_cast(${r.pick(COLUMNS.STRING)} as date format ${r.pick(["'YYYY-MM-DD'", "'YYYYMMDD'", "'YYYY-DD-MM'"])})`,
            (r) => `date_from_unix_date(${r.pick(["0", "19782", "-1", "2932896"])})`,
        ],
        DATETIME: [
            (r, d) => `datetime(${E("TIMESTAMP", r, d)}, ${r.pick(ZONES)})`,
            (r, d) =>
                `datetime_${r.pick(["add", "sub"])}(${E("DATETIME", r, d)}, interval ${r.pick(AMOUNTS)} ${r.pick(["second", "minute", "hour", "day", "month"])})`,
            (r, d) => `datetime_trunc(${E("DATETIME", r, d)}, ${r.pick(["hour", "day", "month", "week", "year"])})`,
            (r, d) => `datetime(${E("DATE", r, d)})`,
        ],
        TIMESTAMP: [
            (r, d) =>
                `timestamp_${r.pick(["add", "sub"])}(${E("TIMESTAMP", r, d)}, interval ${r.pick(AMOUNTS)} ${r.pick(["microsecond", "second", "minute", "hour", "day"])})`,
            (r, d) =>
                `timestamp_trunc(${E("TIMESTAMP", r, d)}, ${r.pick(["day", "hour", "month", "week", "year", "isoweek"])}${r.chance(0.6) ? `, ${r.pick(ZONES)}` : ""})`,
            (r, d) => `timestamp(${E("DATETIME", r, d)}, ${r.pick(ZONES)})`,
            (r, d) => `timestamp(${E("DATE", r, d)})`,
            (r) => `timestamp_${r.pick(["seconds", "millis", "micros"])}(${r.pick(["0", "1709287200", "-1", "253402300799"])})`,
            (r) => `safe_cast(${r.pick(COLUMNS.STRING)} as timestamp)`,
        ],
        "ARRAY<INT64>": [
            (r, d) => `[${E("INT64", r, d)}, ${E("INT64", r, d)}]`,
            (r) => `generate_array(${r.pick(SMALL)}, ${r.pick(SMALL)}${r.chance(0.3) ? `, ${r.pick(["1", "2", "-1"])}` : ""})`,
            (r, d) => `array_reverse(${E("ARRAY<INT64>", r, d)})`,
            (r, d) => `array_concat(${E("ARRAY<INT64>", r, d)}, ${E("ARRAY<INT64>", r, d)})`,
            (r, d) => `array(select x * 2 from unnest(${E("ARRAY<INT64>", r, d)}) as x order by x)`,
        ],
        "ARRAY<STRING>": [
            (r, d) => `split(${E("STRING", r, d)}${r.chance(0.5) ? ", ','" : ""})`,
            (r, d) => `regexp_extract_all(${E("STRING", r, d)}, r'[a-z]')`,
        ],
    };
}

/** A generator of expressions of each type, nesting up to `maxDepth`. */
export function expressionGenerator(maxDepth = 3): (type: SqlType, r: Random) => string {
    const table: Record<SqlType, Generate[]> = forms((type) => (r, depth) => generate(type, r, depth + 1));
    function generate(type: SqlType, r: Random, depth: number): string {
        if (depth >= maxDepth || r.chance(0.25 + depth * 0.15)) {
            return r.chance(0.6) ? r.pick(COLUMNS[type]) : r.pick(LITERALS[type]);
        }
        return r.pick(table[type])(r, depth);
    }
    return (type, r) => generate(type, r, 0);
}

/** Queries around expressions: aggregates, GROUP BY, windows, UNNEST with offsets, ordering with NULLs. */
export function queryForms(expression: (type: SqlType) => string, r: Random): string {
    const forms = [
        () =>
            `select count(${expression("STRING")}) as c0, sum(${expression("INT64")}) as c1, max(${expression("DATE")}) as c2, countif(${expression("BOOL")}) as c3 from fuzz.t`,
        () =>
            `select k, count(*) as c0, min(v) as c1, max(v) as c2 from (select ${expression("STRING")} as k, ${expression("INT64")} as v from fuzz.t) group by k`,
        () => `select string_agg(${expression("STRING")}, ',' order by i, j) as c0, countif(${expression("BOOL")}) as c1 from fuzz.t`,
        () => `select array_agg(${expression("INT64")} ignore nulls order by i) as c0 from fuzz.t`,
        () =>
            `select i, row_number() over (order by ${expression("INT64")}, i) as c0, lag(${expression("STRING")}) over (order by i) as c1 from fuzz.t`,
        () =>
            `select i, row_number() over (order by ${expression("FLOAT64")} desc, i) as c0, min(${expression("FLOAT64")}) over (order by i) as c1 from fuzz.t`,
        () => `select min(${expression("FLOAT64")}) as c0, array_agg(i order by ${expression("FLOAT64")}, i) as c1 from fuzz.t`,
        () => `select x, o from fuzz.t, unnest(${expression("ARRAY<INT64>")}) as x with offset as o`,
        () => `select ${expression("DATE")} as c0 from fuzz.t order by c0 ${r.pick(["", "desc"])}, i`,
        () => `select distinct ${expression("STRING")} as c0 from fuzz.t`,
        () => `select ${expression("INT64")} as c0 from fuzz.t union all select ${expression("INT64")} from fuzz.t`,
        // Filters: comparisons there are written so that DuckDB can join and prune by them (translate/nan.ts)
        () => `select id from fuzz.t where ${expression("BOOL")} order by id`,
        () =>
            `select t.id, other.v from fuzz.t as t left join (select id, f as v from fuzz.t) as other on other.id = t.id and (${expression("BOOL")}) order by t.id`,
    ];
    return r.pick(forms)();
}
