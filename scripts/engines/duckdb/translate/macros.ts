/**
 * DuckDB macros implementing BigQuery functions with BigQuery's semantics.
 * The translation calls them by their `bq_` names; the DuckDB engine runs
 * these statements on each new connection (temp macros live per connection).
 */
/**
 * JSON tokens DuckDB's parser takes and BigQuery's does not, or reads otherwise: a NaN or an Infinity; for
 * PARSE_JSON also a trailing comma and a number FLOAT64 may not hold exactly (16 or more digits, an exponent).
 * A value is matched where one can start (after [ : , or at the very start) and a number where it ends too,
 * so that text inside strings (a user agent's "15E148", an IPv6 "::1e5", "info") rarely matches: a match only
 * sends the text to the exact readers of strict-json.ts, which decide, and they run in JavaScript, row by row.
 */
const VALUE_START = String.raw`[:,\[]\s*-?`;
const TEXT_START = String.raw`^\s*-?`;
const NON_FINITE_TOKEN = String.raw`(?i)${VALUE_START}(nan|inf)|${TEXT_START}(nan|inf)`;
const UNVOUCHED_TOKEN = String.raw`(?i),\s*[]}]|${VALUE_START}(nan|inf|[0-9][0-9.]{15,}\s*[]},]|[0-9][0-9.]*e[+-]?[0-9]+\s*[]},])|${TEXT_START}(nan|inf|[0-9])`;

const definitions: Record<string, string> = {
    // Arithmetic: BigQuery raises on division by zero where DuckDB returns NULL or Infinity.
    // DuckDB divides DECIMALs as DOUBLE; BigQuery keeps NUMERIC. Refuse at run time rather than differ.
    "bq_numeric_division_check(a, b)": `CASE WHEN typeof(a) LIKE 'DECIMAL%' OR typeof(b) LIKE 'DECIMAL%'
      THEN error('BigQuery construct not supported locally: NUMERIC division (divide FLOAT64 values, or use DIV on integers)') END`,
    // BigQuery raises where a float result is NaN or infinite from finite, non-NaN operands (domain errors, overflow).
    "bq_float_result(result, a, b)": `CASE
      WHEN NOT isfinite(result) AND isfinite(a) AND isfinite(b) THEN error('Floating point error: the result is ' || result)
      ELSE result
    END`,
    "bq_divide(a, b)": `CASE
      WHEN bq_numeric_division_check(a, b) IS NOT NULL THEN NULL
      WHEN b = 0 THEN error('division by zero: ' || a || ' / 0')
      WHEN typeof(a / b) = 'DOUBLE' THEN bq_float_result(a / b, a, b)
      ELSE a / b
    END`,
    "bq_int_div(a, b)": "CASE WHEN b = 0 THEN error('division by zero: DIV(' || a || ', 0)') ELSE a // b END",
    "bq_mod(a, b)": "CASE WHEN b = 0 THEN error('division by zero: MOD(' || a || ', 0)') WHEN b = -1 THEN a - a ELSE a % b END",
    "bq_ascii(s)":
        "CASE WHEN ascii(s) > 127 THEN error('Argument to ASCII is not a structurally valid ASCII string: ' || s) ELSE ascii(s) END",
    "bq_sign(x)": "CASE WHEN typeof(x) = 'DOUBLE' AND isnan(CAST(x AS DOUBLE)) THEN x ELSE sign(x) END",
    // BigQuery rounds NUMERIC products to 9 digits; DuckDB keeps DECIMAL(38,18).
    "bq_multiply(a, b)": "CASE WHEN typeof(a * b) LIKE 'DECIMAL%' THEN round(a * b, 9) ELSE a * b END",
    // BigQuery's ROUND, FLOOR and CEIL of INT64 return FLOAT64; DuckDB's stay integers.
    "bq_integer_rounding_check(x)": `CASE WHEN typeof(x) IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT')
      THEN error('BigQuery construct not supported locally: ROUND, FLOOR or CEIL of INT64 (cast to FLOAT64 first)') END`,
    "bq_round(x)": "CASE WHEN bq_integer_rounding_check(x) IS NOT NULL THEN NULL ELSE round(x) END",
    // DuckDB rounds infinities and NaN to numbers; a NUMERIC rounded past its largest value is an overflow in BigQuery.
    "bq_round2(x, n)": `CASE
      WHEN bq_integer_rounding_check(x) IS NOT NULL THEN NULL
      WHEN typeof(x) = 'DOUBLE' AND (isinf(CAST(x AS DOUBLE)) OR isnan(CAST(x AS DOUBLE))) THEN x
      WHEN typeof(x) LIKE 'DECIMAL%' AND length(split_part(CAST(abs(round(x, n)) AS VARCHAR), '.', 1)) > 29
        THEN error('numeric overflow: ROUND(' || x || ', ' || n || ')')
      ELSE round(x, n)
    END`,
    "bq_floor(x)": "CASE WHEN bq_integer_rounding_check(x) IS NOT NULL THEN NULL ELSE floor(x) END",
    "bq_ceil(x)": "CASE WHEN bq_integer_rounding_check(x) IS NOT NULL THEN NULL ELSE ceil(x) END",
    // Both operands are read first, so that their errors surface as in BigQuery.
    "bq_safe_divide(a, b)": `CASE
      WHEN bq_numeric_division_check(a, b) IS NOT NULL OR a IS NULL OR b IS NULL OR b = 0 THEN NULL
      WHEN typeof(a / b) = 'DOUBLE' AND isinf(a / b) AND NOT isinf(a) AND NOT isinf(b) THEN NULL
      ELSE a / b
    END`,
    "bq_trunc_div(a, b)": "a // b",
    "bq_floor_div(a, b)": "a // b - CASE WHEN a % b < 0 THEN 1 ELSE 0 END",

    // Casts: only integer text is an INT64; floats round half away from zero.
    "bq_safe_cast_int64(x)": `CASE
      WHEN typeof(x) = 'VARCHAR' THEN
        CASE WHEN regexp_full_match(CAST(x AS VARCHAR), '\\s*[+-]?(0[xX][0-9a-fA-F]+|[0-9]+)\\s*') THEN TRY_CAST(trim(CAST(x AS VARCHAR)) AS BIGINT) END
      WHEN typeof(x) = 'BOOLEAN' THEN TRY_CAST(x AS BIGINT)
      ELSE TRY_CAST(round(TRY_CAST(x AS DECIMAL(38, 9))) AS BIGINT)
    END`,
    "bq_cast_int64(x)":
        "CASE WHEN x IS NULL THEN NULL ELSE coalesce(bq_safe_cast_int64(x), error('Bad int64 value: ' || CAST(x AS VARCHAR))) END",
    // Text to NUMERIC and FLOAT64: DuckDB also reads `_` between digits, and a sign before a sign as a FLOAT64
    // (+-1); BigQuery reads neither. BigQuery reads hexadecimal text as FLOAT64; locally that is refused.
    // DuckDB reads text into DECIMAL(38, 9) about 50 times slower than into DECIMAL(18, 9), which gives the same
    // value whenever it reads the text, unless the text has an exponent (it drops digits beyond 18 there).
    "bq_narrow_numeric_text(x)": `CAST(
      CASE WHEN NOT contains(CAST(x AS VARCHAR), 'e') AND NOT contains(CAST(x AS VARCHAR), 'E') THEN TRY_CAST(x AS DECIMAL(18, 9)) END
      AS DECIMAL(38, 9))`,
    "bq_safe_cast_numeric(x)": `CASE
      WHEN typeof(x) <> 'VARCHAR' THEN TRY_CAST(x AS DECIMAL(38, 9))
      WHEN NOT contains(CAST(x AS VARCHAR), '_') THEN coalesce(bq_narrow_numeric_text(x), TRY_CAST(x AS DECIMAL(38, 9)))
    END`,
    // Other types take DuckDB's cast, tested first so that the macro folds to that cast alone.
    "bq_cast_numeric(x)": `CASE
      WHEN typeof(x) <> 'VARCHAR' THEN CAST(x AS DECIMAL(38, 9))
      WHEN x IS NULL THEN NULL
      ELSE coalesce(bq_safe_cast_numeric(x), error('Bad numeric value: ' || CAST(x AS VARCHAR)))
    END`,
    "bq_safe_cast_float64(x)": `CASE
      WHEN typeof(x) <> 'VARCHAR' THEN TRY_CAST(x AS DOUBLE)
      WHEN regexp_matches(CAST(x AS VARCHAR), '^\\s*[+-]?0[xX]')
        THEN error('BigQuery construct not supported locally: CAST of hexadecimal text to FLOAT64')
      WHEN NOT contains(CAST(x AS VARCHAR), '_') AND NOT contains(CAST(x AS VARCHAR), '+-') THEN TRY_CAST(x AS DOUBLE)
    END`,
    "bq_cast_float64(x)": `CASE
      WHEN typeof(x) <> 'VARCHAR' THEN CAST(x AS DOUBLE)
      WHEN x IS NULL THEN NULL
      ELSE coalesce(bq_safe_cast_float64(x), error('Bad double value: ' || CAST(x AS VARCHAR)))
    END`,
    "bq_safe_cast_bool(x)": `CASE
      WHEN typeof(x) = 'VARCHAR' THEN CASE lower(CAST(x AS VARCHAR)) WHEN 'true' THEN true WHEN 'false' THEN false END
      ELSE TRY_CAST(x AS BOOLEAN)
    END`,
    "bq_cast_bool(x)":
        "CASE WHEN x IS NULL THEN NULL ELSE coalesce(bq_safe_cast_bool(x), error('Bad bool value: ' || CAST(x AS VARCHAR))) END",
    // BigQuery prints 15 significant digits when they give the value back, else 17 (0.1 -> 0.1, 1/3 -> 0.33333333333333331).
    "bq_round_trip_text(x)": "CASE WHEN CAST(printf('%.15g', x) AS DOUBLE) = x THEN printf('%.15g', x) ELSE printf('%.17g', x) END",
    // Text of a value as BigQuery prints it: floats without '.0', decimals without trailing zeros.
    "bq_float_string(s)": `CASE
      WHEN s IN ('inf', '-inf', 'nan') THEN s
      WHEN s = '-nan' THEN 'nan'
      WHEN CAST(s AS DOUBLE) = 0 THEN '0'
      WHEN abs(CAST(s AS DOUBLE)) >= 1e15 OR (CAST(s AS DOUBLE) <> 0 AND abs(CAST(s AS DOUBLE)) < 1e-4)
        THEN error('BigQuery construct not supported locally: CAST of FLOAT64 ' || s || ' to STRING')
      ELSE bq_round_trip_text(CAST(s AS DOUBLE))
    END`,
    // BigQuery prints fractions of seconds with 3 or 6 digits; DuckDB trims trailing zeros.
    "bq_fraction_digits(f)": "CASE WHEN f = '' THEN '' ELSE '.' || rpad(f, CASE WHEN length(f) <= 3 THEN 3 ELSE 6 END, '0') END",
    "bq_timestamp_string(s)":
        "regexp_extract(s, '^[^.+]*') || bq_fraction_digits(coalesce(regexp_extract(s, '\\.([0-9]+)', 1), '')) || regexp_extract(s, '[+-][0-9:]+$')",
    "bq_fix_string(s, t)": `CASE
      WHEN t IN ('DOUBLE', 'FLOAT') THEN bq_float_string(s)
      WHEN t LIKE 'DECIMAL%' AND s LIKE '%.%' THEN rtrim(rtrim(s, '0'), '.')
      WHEN t IN ('TIMESTAMP WITH TIME ZONE', 'TIMESTAMP', 'TIME') THEN bq_timestamp_string(s)
      ELSE s
    END`,
    "bq_cast_string(x)": "CAST(bq_fix_string(CAST(x AS VARCHAR), typeof(x)) AS VARCHAR)",
    "bq_safe_cast_string(x)": "bq_cast_string(x)",

    // Strings.
    "bq_substr_start(s, p)": "CASE WHEN p > 0 THEN least(p, length(s) + 1) WHEN p = 0 THEN 1 ELSE greatest(length(s) + p + 1, 1) END",
    "bq_substr2(s, p)": "substring(s, bq_substr_start(s, p))",
    "bq_substr3(s, p, n)": `CASE WHEN n < 0 THEN error('SUBSTR length must be non-negative') ELSE substring(s, bq_substr_start(s, p), n) END`,
    "bq_safe_substr3(s, p, n)": "CASE WHEN n >= 0 THEN substring(s, bq_substr_start(s, p), n) END",
    "bq_regexp_extract(s, pattern, g)": "CASE WHEN regexp_matches(s, pattern) THEN regexp_extract(s, pattern, g) END",

    // Arrays: BigQuery raises on OFFSET out of range; DuckDB counts negative indexes from the end.
    "bq_offset(a, n)": "CASE WHEN n < 0 OR n >= len(a) THEN error('Array index ' || n || ' is out of bounds') ELSE a[n + 1] END",
    "bq_safe_offset(a, n)": "CASE WHEN n >= 0 THEN a[n + 1] END",
    "bq_array_concat(a, b)": "CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE list_concat(a, b) END",
    "bq_array_to_string3(a, sep, null_text)": "array_to_string(list_transform(a, x -> coalesce(CAST(x AS VARCHAR), null_text)), sep)",
    "bq_generate_array(a, b, step)":
        "CASE WHEN step = 0 THEN error('GENERATE_ARRAY step cannot be 0') ELSE generate_series(a, b, step) END",
    "bq_generate_date_array(a, b, step)":
        "list_transform(generate_series(CAST(a AS TIMESTAMP), CAST(b AS TIMESTAMP), step), x -> CAST(x AS DATE))",

    // BigQuery's dates and times run from year 1 to 9999; beyond is an overflow error.
    "bq_date_in_range(x)":
        "list_transform([x], v -> CASE WHEN v < DATE '0001-01-01' OR v > DATE '9999-12-31' THEN error('date overflow: ' || v) ELSE v END)[1]",
    "bq_datetime_in_range(x)":
        "list_transform([x], v -> CASE WHEN v < TIMESTAMP '0001-01-01' OR v >= TIMESTAMP '10000-01-01' THEN error('datetime overflow: ' || v) ELSE v END)[1]",
    "bq_timestamp_in_range(x)":
        "list_transform([x], v -> CASE WHEN v < TIMESTAMPTZ '0001-01-01 00:00:00+00' OR v >= TIMESTAMPTZ '10000-01-01 00:00:00+00' THEN error('timestamp overflow: ' || v) ELSE v END)[1]",
    // BigQuery's DATE text is the date alone; DuckDB also takes a time after it.
    "bq_date_text(x)": `CASE WHEN typeof(x) = 'VARCHAR' AND NOT regexp_full_match(CAST(x AS VARCHAR), '[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,2}')
      THEN error('Invalid date: ' || CAST(x AS VARCHAR)) ELSE x END`,
    "bq_safe_date_text(x)":
        "CASE WHEN typeof(x) = 'VARCHAR' AND NOT regexp_full_match(CAST(x AS VARCHAR), '[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,2}') THEN NULL ELSE x END",
    // DuckDB reads words ('infinity', 'epoch', 'today'...) as dates and times; BigQuery reads only digits.
    "bq_datetime_text(x)": `CASE WHEN typeof(x) = 'VARCHAR' AND regexp_matches(CAST(x AS VARCHAR), '(?i)^\\s*[-+]?(infinity|inf|epoch|allballs|today|tomorrow|yesterday|now)\\s*$')
      THEN error('Invalid date or time value: ' || CAST(x AS VARCHAR)) ELSE x END`,
    "bq_safe_datetime_text(x)":
        "CASE WHEN typeof(x) = 'VARCHAR' AND regexp_matches(CAST(x AS VARCHAR), '(?i)^\\s*[-+]?(infinity|inf|epoch|allballs|today|tomorrow|yesterday|now)\\s*$') THEN NULL ELSE x END",

    "bq_four_digit_year(x, text)": `CASE WHEN year(x) < 1000
      THEN error('BigQuery construct not supported locally: %Y of a year before 1000 (BigQuery does not pad it)') ELSE text END`,

    // Dates: weeks start on a given weekday (DuckDB dayofweek: Sunday = 0).
    "bq_week_start(d, weekday)": "CAST(CAST(d AS DATE) - CAST((dayofweek(d) - weekday + 7) % 7 AS INTEGER) AS DATE)",
    "bq_isoyear_start(d)": "bq_week_start(make_date(CAST(isoyear(d) AS INTEGER), 1, 4), 1)",
    "bq_dayofweek(d)": "dayofweek(d) + 1",
    "bq_week_number(d)": "(dayofyear(d) + 6 - dayofweek(d)) // 7",
    // TIMESTAMP(text, zone): BigQuery refuses text that carries its own offset.
    "bq_zoneless(x)": `CASE
      WHEN regexp_matches(CAST(x AS VARCHAR), '[0-9]:[0-9]{2}(:[0-9]{2}(\\.[0-9]*)?)? *([zZ]|[+-][0-9]{1,2}(:?[0-9]{2})?)$')
        THEN error('Timezone is not allowed in ' || CAST(x AS VARCHAR))
      ELSE CAST(x AS TIMESTAMP)
    END`,
    // A wall-clock time shown twice (when clocks go back) is its earlier instant in BigQuery; ICU may give the later.
    // (A lambda names the local time once, so nested calls do not multiply the expression.)
    "bq_earliest_instant(zone, local)": `list_transform([local], l -> CASE
      WHEN timezone(zone, timezone(zone, l) - INTERVAL 1 HOUR) = l THEN timezone(zone, l) - INTERVAL 1 HOUR
      WHEN timezone(zone, timezone(zone, l) - INTERVAL 30 MINUTE) = l THEN timezone(zone, l) - INTERVAL 30 MINUTE
      ELSE timezone(zone, l)
    END)[1]`,
    // Zones known only at run time: ICU misreads offset zones, so those are refused (zones.ts handles literals).
    "bq_checked_zone(zone)": `CASE WHEN regexp_matches(zone, '^((UTC|GMT)?[+-]|[+-])')
      THEN error('BigQuery construct not supported locally: time zone offset ' || zone || ' in a column') ELSE zone END`,
    "bq_local_time(zone, ts)": "timezone(bq_checked_zone(zone), ts)",
    "bq_instant(zone, local)": "bq_earliest_instant(bq_checked_zone(zone), local)",
    // Both branches bind whatever the types; the one for the actual type is chosen.
    "bq_datetime2(a, b)": `CASE WHEN typeof(b) = 'VARCHAR' THEN bq_local_time(CAST(b AS VARCHAR), CAST(a AS TIMESTAMPTZ))
      ELSE CAST(a AS DATE) + CAST(b AS TIME) END`,

    // Approximate aggregates, computed exactly (approximate.ts): l is the sorted list of non-NULL values.
    "bq_quantiles(l, q)": `CASE
      WHEN q IS NULL OR q < 1 THEN error('APPROX_QUANTILES needs a number of quantiles of at least 1')
      WHEN l IS NULL OR len(l) = 0 THEN NULL
      ELSE list_transform(range(0, q + 1), i -> l[greatest(CAST(ceil(i * len(l) / q) AS BIGINT), 1)])
    END`,
    // The n most frequent values (NULL counts as a value), most frequent first.
    "bq_value_counts(l)": `list_transform(list_distinct(l), v -> {'negative': -len(list_filter(l, x -> x = v)), 'value': v})
      || CASE WHEN len(l) > list_count(l) THEN [{'negative': list_count(l) - len(l), 'value': NULL}] ELSE [] END`,
    "bq_top_count(l, n)": `CASE WHEN n IS NULL OR n < 1 THEN error('APPROX_TOP_COUNT needs a number of at least 1')
      ELSE list_transform(list_slice(list_sort(bq_value_counts(l)), 1, n), e -> {'value': e.value, 'count': -e.negative}) END`,

    // CAST(x AS STRING FORMAT ...) of dates and times (cast-format.ts): the wall-clock time in UTC, and the type checks.
    "bq_format_cast_time(x)": "CAST(CASE WHEN typeof(x) IN ('DATE', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE') THEN x END AS TIMESTAMP)",
    "bq_format_cast_value(x, time_of_day, text)": `CASE
      WHEN x IS NULL THEN NULL
      WHEN typeof(x) NOT IN ('DATE', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE')
        THEN error('BigQuery construct not supported locally: CAST of ' || typeof(x) || ' AS STRING FORMAT (dates and times only)')
      WHEN time_of_day AND typeof(x) = 'DATE' THEN error('Format element for a time of day is not supported for DATE')
      ELSE text
    END`,

    // Strings by Unicode rules (text.ts). UPPER and LOWER use full case mapping in BigQuery; DuckDB's simple mapping
    // differs only for the characters below (SpecialCasing.txt's unconditional mappings, and the final sigma).
    "bq_upper(s)": `CASE WHEN regexp_matches(s, '[\\x{00DF}\\x{0149}\\x{01F0}\\x{0390}\\x{03B0}\\x{0587}\\x{1E96}-\\x{1E9A}\\x{1F50}\\x{1F52}\\x{1F54}\\x{1F56}\\x{1F80}-\\x{1FAF}\\x{1FB2}-\\x{1FB4}\\x{1FB6}-\\x{1FB7}\\x{1FBC}\\x{1FC2}-\\x{1FC4}\\x{1FC6}-\\x{1FC7}\\x{1FCC}\\x{1FD2}-\\x{1FD3}\\x{1FD6}-\\x{1FD7}\\x{1FE2}-\\x{1FE4}\\x{1FE6}-\\x{1FE7}\\x{1FF2}-\\x{1FF4}\\x{1FF6}-\\x{1FF7}\\x{1FFC}\\x{FB00}-\\x{FB06}\\x{FB13}-\\x{FB17}]') THEN bq_full_upper(s) ELSE upper(s) END`,
    "bq_lower(s)": "CASE WHEN regexp_matches(s, '[\\x{0130}\\x{03A3}]') THEN bq_full_lower(s) ELSE lower(s) END",
    "bq_ln(x)": "CASE WHEN x = CAST('-inf' AS DOUBLE) THEN CAST('nan' AS DOUBLE) ELSE ln(x) END",
    "bq_log10(x)": "CASE WHEN x = CAST('-inf' AS DOUBLE) THEN CAST('nan' AS DOUBLE) ELSE log10(x) END",
    "bq_contains_substr_text(x)": `CASE WHEN typeof(x) NOT IN ('VARCHAR', 'NULL', '"NULL"')
      THEN error('BigQuery construct not supported locally: CONTAINS_SUBSTR of a ' || typeof(x) || ' value (STRING only)')
      ELSE CAST(x AS VARCHAR) END`,
    // TO_JSON_STRING: DuckDB's to_json writes these types as BigQuery does; wide integers and U+2028/9 are fixed after.
    "bq_to_json_string(x)": `CASE WHEN NOT bq_json_encodable(typeof(x))
      THEN error('BigQuery construct not supported locally: TO_JSON_STRING of ' || typeof(x) || ' (STRING, INT64, BOOL, DATE, and ARRAY and STRUCT of them, only)')
      ELSE coalesce(bq_json_text_fix(CAST(to_json(x) AS VARCHAR)), 'null') END`,

    // JSON: JSON_VALUE is NULL for objects and arrays; paths are already DuckDB paths.
    // BigQuery reads STRING text leniently (single quotes, trailing commas) and malformed text as NULL,
    // where DuckDB raises: bq_json_text gives the strict JSON BigQuery reads, or NULL (udfs.ts).
    // DuckDB also takes NaN and Infinity as valid, BigQuery does not: such text goes to the strict reader too.
    // Text with a surrogate escape goes there too: BigQuery reads each as U+FFFD.
    // A JSON value (PARSE_JSON, TO_JSON; CAST to JSON is refused) was checked when it was made, and keeps its pairs.
    "bq_json_read(j, reader)": `CASE WHEN typeof(j) = 'JSON' THEN CAST(j AS VARCHAR)
      WHEN json_valid(j) AND NOT regexp_matches(CAST(j AS VARCHAR), '${NON_FINITE_TOKEN}')
        AND NOT regexp_matches(CAST(j AS VARCHAR), '\\\\[uU][dD][89a-fA-F]') THEN CAST(j AS VARCHAR)
      WHEN reader = 'prefix' THEN bq_prefix_json(CAST(j AS VARCHAR)) ELSE bq_strict_json(CAST(j AS VARCHAR)) END`,
    // PARSE_JSON: what DuckDB's parser accepts but BigQuery's refuses (trailing commas, NaN, numbers that lose
    // precision in FLOAT64) and a leading byte order mark, which BigQuery skips, are decided by strict-json.ts.
    // TRY_CAST reads the text once where json_valid and CAST read it twice.
    "bq_safe_parse_json(t)": `coalesce(
      CASE WHEN NOT regexp_matches(t, '${UNVOUCHED_TOKEN}') THEN TRY_CAST(t AS JSON) END,
      CASE WHEN bq_is_strict_json(t) THEN CAST(ltrim(t, chr(65279)) AS JSON) END)`,
    "bq_parse_json(t)": `CASE WHEN t IS NULL THEN NULL
      ELSE coalesce(bq_safe_parse_json(t), error('PARSE_JSON: invalid JSON text (strict JSON, as BigQuery reads it)')) END`,
    "bq_json_text(j)": "bq_json_read(j, 'strict')",
    // JSON_VALUE's scalar is complete once read, even when the text breaks after it.
    "bq_json_value_text(j)": "bq_json_read(j, 'prefix')",
    // DuckDB's json_value is NULL for objects and arrays: one parse of the text per call.
    "bq_json_value_of(t, p)": "json_extract_string(json_value(t, p), '$')",
    // A JSON value holds its numbers parsed: JSON_VALUE writes a FLOAT64 one as BigQuery does, the shortest digits
    // that give it back, as DuckDB casts a DOUBLE to text, except that BigQuery uses an exponent from 1e15 on
    // (DuckDB from 1e16). DuckDB's JSON writer differs from both only for text with an exponent, 15 digits or more
    // or 0.0000: only such text is looked at again.
    "bq_json_double_text(d)": `CASE WHEN abs(d) >= 1e15 AND abs(d) < 1e16
      THEN CASE WHEN d < 0 THEN '-' ELSE '' END || list_transform([rtrim(replace(CAST(abs(d) AS VARCHAR), '.', ''), '0')],
        digits -> digits[1] || CASE WHEN length(digits) > 1 THEN '.' || digits[2:] ELSE '' END)[1] || 'e+15'
      ELSE CAST(d AS VARCHAR) END`,
    "bq_json_value_parsed(j, p)": `CASE
      WHEN regexp_full_match(bq_json_value_of(j, p), '-?([0-9.]*[eE][-+]?[0-9]+|[0-9]{15}[.0-9]*|0[.]0000[0-9]*)') AND json_type(j, p) = 'DOUBLE'
        THEN bq_json_double_text(CAST(json_extract(j, p) AS DOUBLE))
      ELSE bq_json_value_of(j, p)
    END`,
    "bq_json_value(j, p)":
        "CASE WHEN typeof(j) = 'JSON' THEN bq_json_value_parsed(j, p) ELSE bq_json_value_of(bq_json_value_text(j), p) END",
    "bq_json_query_of(t, p)": "CASE WHEN t IS NOT NULL THEN CAST(json_extract(t, p) AS VARCHAR) END",
    "bq_json_query(j, p)": "bq_json_query_of(bq_json_text(j), p)",
    "bq_json_query_array_of(t, p)":
        "CASE WHEN t IS NOT NULL AND json_type(t, p) = 'ARRAY' THEN CAST(CAST(json_extract(t, p) AS JSON[]) AS VARCHAR[]) END",
    "bq_json_query_array(j, p)": "bq_json_query_array_of(bq_json_text(j), p)",
    "bq_json_value_array_of(t, p)": `CASE
      WHEN t IS NOT NULL AND json_type(t, p) = 'ARRAY'
        AND NOT coalesce(list_bool_or(list_transform(CAST(json_extract(t, p) AS JSON[]), x -> json_type(x) IN ('OBJECT', 'ARRAY'))), false)
        THEN list_transform(CAST(json_extract(t, p) AS JSON[]), x -> json_extract_string(x, '$'))
    END`,
    "bq_json_value_array(j, p)": "bq_json_value_array_of(bq_json_text(j), p)",
};

/**
 * Comparisons: BigQuery's NaN compares false with everything (true for !=); DuckDB's NaN equals NaN and
 * is the greatest value. typeof() is known when the query binds, so for other types (and for join keys)
 * each is just the comparison. NaN is found by its text, which every type has.
 */
const comparisons: Record<string, [string, boolean]> = {
    bq_eq: ["=", false],
    bq_ne: ["<>", true],
    bq_lt: ["<", false],
    bq_le: ["<=", false],
    bq_gt: [">", false],
    bq_ge: [">=", false],
};
for (const [name, [operator, withNan]] of Object.entries(comparisons)) {
    definitions[`${name}(a, b)`] = `CASE
      WHEN (typeof(a) IN ('DOUBLE', 'FLOAT') OR typeof(b) IN ('DOUBLE', 'FLOAT'))
        AND a IS NOT NULL AND b IS NOT NULL AND (CAST(a AS VARCHAR) IN ('nan', '-nan') OR CAST(b AS VARCHAR) IN ('nan', '-nan')) THEN ${withNan}
      ELSE a ${operator} b
    END`;
}

// The NaN half of `=` in a filter (nan.ts markFilterComparisons): FALSE only for a NaN FLOAT64.
definitions["bq_not_nan(x)"] = "NOT (typeof(x) IN ('DOUBLE', 'FLOAT') AND CAST(x AS VARCHAR) IN ('nan', '-nan'))";
definitions["bq_nan_null(x)"] = "CASE WHEN bq_not_nan(x) THEN x END";
// An order key before x: NaN first among numbers, as BigQuery orders (nan.ts withNanOrder).
definitions["bq_nan_order(x)"] =
    "CASE WHEN typeof(x) NOT IN ('DOUBLE', 'FLOAT') THEN 1 WHEN x IS NULL THEN NULL WHEN CAST(x AS VARCHAR) IN ('nan', '-nan') THEN 0 ELSE 1 END";
// DuckDB's BETWEEN unless an operand is NaN: then BigQuery's >= and <= (nan.ts between).
definitions["bq_between(x, low, high)"] =
    "CASE WHEN bq_not_nan(x) AND bq_not_nan(low) AND bq_not_nan(high) THEN x BETWEEN low AND high ELSE bq_ge(x, low) AND bq_le(x, high) END";

export function duckdbMacros(): string[] {
    return Object.entries(definitions).map(([signature, body]) => `create or replace temp macro ${signature} as ${body}`);
}
