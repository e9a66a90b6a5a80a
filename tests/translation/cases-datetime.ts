import type { Case } from "./harness.ts";
import { events } from "./fixtures.ts";

/** Dates, timestamps, zones, truncation, differences and formats. */
export const datetimeCases: Case[] = [
    {
        name: "TIMESTAMP_DIFF truncates (10:00:59 to 10:01:00 is 0 minutes)",
        sql: "select timestamp_diff(timestamp '2024-01-01 10:01:00', timestamp '2024-01-01 10:00:59', minute) as a, timestamp_diff(timestamp '2024-01-01 10:00:00', timestamp '2024-01-01 10:01:30', minute) as b",
    },
    {
        name: "TIMESTAMP_DIFF in seconds, hours, days, milliseconds",
        sql: "select timestamp_diff(timestamp '2024-01-03 01:00:00', timestamp '2024-01-01 02:00:00', day) as d, timestamp_diff(timestamp '2024-01-01 12:59:59', timestamp '2024-01-01 10:00:00', hour) as h, timestamp_diff(timestamp '2024-01-01 00:00:01.5', timestamp '2024-01-01 00:00:00', second) as s, timestamp_diff(timestamp '2024-01-01 00:00:01.5', timestamp '2024-01-01 00:00:00', millisecond) as ms",
    },
    {
        name: "DATE_DIFF counts day, month and year boundaries",
        sql: "select date_diff(date '2024-03-01', date '2024-02-28', day) as d, date_diff(date '2024-03-01', date '2024-02-29', month) as m, date_diff(date '2025-01-01', date '2024-12-31', year) as y, date_diff(date '2024-01-01', date '2024-03-31', quarter) as q",
    },
    {
        name: "DATE_DIFF by WEEK counts Sunday boundaries",
        sql: "select date_diff(date '2024-01-07', date '2024-01-06', week) as a, date_diff(date '2024-01-13', date '2024-01-07', week) as b, date_diff(date '2024-01-08', date '2024-01-07', week(monday)) as c, date_diff(date '2024-01-08', date '2024-01-07', isoweek) as d",
    },
    {
        name: "DATETIME_DIFF by day and hour",
        sql: "select datetime_diff(datetime '2024-01-02 00:00:00', datetime '2024-01-01 23:59:59', day) as d, datetime_diff(datetime '2024-01-01 10:59:59', datetime '2024-01-01 10:00:00', hour) as h",
    },
    {
        name: "DATE_TRUNC to WEEK(MONDAY), WEEK, ISOWEEK, MONTH, QUARTER, YEAR",
        sql: "select date_trunc(date '2024-05-08', week(monday)) as wm, date_trunc(date '2024-05-08', week) as w, date_trunc(date '2024-05-05', isoweek) as iw, date_trunc(date '2024-05-08', month) as m, date_trunc(date '2024-05-08', quarter) as q, date_trunc(date '2024-05-08', year) as y",
    },
    {
        name: "DATE_TRUNC to ISOYEAR",
        sql: "select date_trunc(date '2021-01-02', isoyear) as a, date_trunc(date '2024-06-01', isoyear) as b",
    },
    {
        name: "TIMESTAMP_TRUNC with and without zone",
        sql: "select timestamp_trunc(timestamp '2024-03-31 22:30:00', day) as utc_day, timestamp_trunc(timestamp '2024-03-31 22:30:00', day, 'Europe/Paris') as paris_day, timestamp_trunc(timestamp '2024-03-31 22:30:45', hour) as h, timestamp_trunc(timestamp '2024-05-08 10:00:00', week(monday)) as w",
    },
    {
        name: "DATETIME_TRUNC",
        sql: "select datetime_trunc(datetime '2024-05-08 10:11:12', hour) as h, datetime_trunc(datetime '2024-05-08 10:11:12', month) as m",
    },
    {
        name: "EXTRACT DAYOFWEEK is 1-based from Sunday",
        sql: "select extract(dayofweek from date '2024-05-05') as sunday, extract(dayofweek from date '2024-05-11') as saturday",
    },
    {
        name: "EXTRACT parts of a timestamp",
        sql: "select extract(year from t) as y, extract(month from t) as m, extract(day from t) as d, extract(hour from t) as h, extract(minute from t) as mi, extract(second from t) as s, extract(millisecond from t) as ms, extract(microsecond from t) as us, extract(dayofyear from t) as doy, extract(quarter from t) as q from (select timestamp '2024-05-08 10:11:12.345678' as t)",
    },
    {
        name: "EXTRACT WEEK, ISOWEEK, ISOYEAR",
        sql: "select extract(week from date '2024-01-06') as w1, extract(week from date '2024-01-07') as w2, extract(isoweek from date '2021-01-03') as iw, extract(isoyear from date '2021-01-03') as iy",
    },
    {
        name: "EXTRACT in a time zone",
        sql: "select extract(hour from timestamp '2024-07-01 22:30:00' at time zone 'Europe/Paris') as h, extract(date from timestamp '2024-07-01 22:30:00') as d",
    },
    {
        name: "DATE(ts, tz) across midnight",
        sql: "select date(timestamp '2024-03-31 22:30:00', 'Europe/Paris') as paris, date(timestamp '2024-03-31 22:30:00') as utc, date(timestamp '2024-01-01 03:00:00', 'America/New_York') as ny",
    },
    { name: "DATETIME(date, time)", sql: "select datetime(d, t) as dt from (select date '2024-01-02' as d, time '03:04:05' as t)" },
    {
        name: "DATE(year, month, day) and DATE of DATETIME",
        sql: "select date(2024, 2, 29) as a, date(datetime '2024-02-29 23:00:00') as b",
    },
    {
        name: "DATETIME(ts, tz) with DST",
        sql: "select datetime(timestamp '2024-03-31 01:30:00', 'Europe/Paris') as a, datetime(timestamp '2024-10-27 01:30:00', 'Europe/Paris') as b",
    },
    {
        name: "TIMESTAMP(string, tz) and TIMESTAMP(datetime, tz)",
        sql: "select timestamp('2024-07-01 12:00:00', 'Europe/Paris') as a, timestamp(datetime '2024-01-01 12:00:00', 'America/New_York') as b, timestamp('2024-07-01') as d",
    },
    {
        name: "fixed offset zones ('+05:30', '-08', 'UTC+5')",
        sql: "select datetime(timestamp '2024-01-01 00:00:00', '+05:30') as a, date(timestamp '2024-01-01 03:00:00', '-08') as b, timestamp('2024-01-01 00:00:00', 'UTC+5') as c, format_timestamp('%H:%M', timestamp '2024-01-01 00:00:00', '-03:30') as d, timestamp_trunc(timestamp '2024-01-01 20:00:00', day, '+05:30') as e, parse_timestamp('%Y-%m-%d %H:%M', '2024-01-01 10:00', '+02') as f",
    },
    {
        name: "time zone taken from a column",
        sql: "select zone, datetime(timestamp '2024-07-01 12:00:00', zone) as local, date(timestamp '2024-07-01 23:30:00', zone) as d from unnest(['Europe/Paris', 'America/Los_Angeles', 'Asia/Kolkata']) as zone",
    },
    { name: "PARSE_TIMESTAMP without zone is UTC", sql: "select parse_timestamp('%Y-%m-%d %H:%M:%S', '2024-03-01 10:00:00') as a" },
    {
        name: "PARSE_TIMESTAMP with zone argument",
        sql: "select parse_timestamp('%Y-%m-%d %H:%M:%S', '2024-03-01 10:00:00', 'Europe/Paris') as a, parse_timestamp('%Y-%m-%d %H:%M:%S', '2024-07-01 10:00:00', 'America/Los_Angeles') as b",
    },
    {
        name: "PARSE_TIMESTAMP with %z and %Ez offsets",
        sql: "select parse_timestamp('%Y-%m-%d %H:%M:%S%z', '2024-03-01 10:00:00+0530') as a, parse_timestamp('%Y-%m-%dT%H:%M:%S%Ez', '2024-03-01T10:00:00-03:00') as b",
    },
    {
        name: "PARSE_TIMESTAMP with %E6S fractions, falling back to %S",
        sql: "select x, coalesce(safe.parse_timestamp('%Y-%m-%d %H:%M:%E6S', x, 'Europe/Berlin'), safe.parse_timestamp('%Y-%m-%d %H:%M:%S', x, 'Europe/Berlin')) as t from unnest(['2024-03-01 10:00:05.123456', '2024-03-01 10:00:05.1', '2024-03-01 10:00:05']) as x",
    },
    {
        name: "TIMESTAMP(column, zone) with a non-literal first argument",
        sql: "select x, timestamp(x, 'Europe/Paris') as a, timestamp(concat(x, '.5'), 'America/New_York') as b, timestamp(parse_datetime('%Y%m%d', d), z) as c from (select '2024-07-01 12:00:00' as x, '20240701' as d, 'Asia/Kolkata' as z union all select '2024-01-01 00:00:00', '20240101', 'Europe/Paris')",
    },
    {
        name: "PARSE_TIMESTAMP %E6S and %E3S accept no fraction or fewer digits",
        sql: "select x, parse_timestamp('%Y-%m-%d %H:%M:%E6S', x, 'Europe/Berlin') as a, parse_timestamp('%Y-%m-%d %H:%M:%E3S', x) as b from unnest(['2024-03-31 01:30:00', '2024-03-31 01:30:00.5', '2024-03-31 01:30:00.123']) as x",
    },
    {
        name: "PARSE_TIMESTAMP %E*S reads any fraction or none",
        sql: "select x, parse_timestamp('%Y-%m-%d %H:%M:%E*S', x) as a, safe.parse_timestamp('%Y-%m-%dT%H:%M:%E*S', x) as b from unnest(['2024-03-31 01:30:00', '2024-03-31 01:30:00.25', '2024-03-31 01:30:00.123456']) as x",
    },
    {
        name: "DATE plus INTERVAL is a DATETIME",
        sql: "select date '2024-01-31' + interval 1 month as a, date '2024-03-01' - interval 1 day as b",
    },
    {
        name: "CURRENT_DATE and CURRENT_TIMESTAMP agree",
        sql: "select current_date() = date(current_timestamp()) as same_day, current_timestamp() > timestamp '2020-01-01 00:00:00' as after_2020, current_date() >= date '2020-01-01' as d",
    },
    {
        name: "PARSE_DATE and SAFE.PARSE_DATE",
        sql: "select parse_date('%Y%m%d', '20240229') as a, safe.parse_date('%Y-%m-%d', 'nope') as b, parse_datetime('%d/%m/%Y %H:%M', '01/03/2024 10:30') as c",
    },
    {
        name: "SAFE.PARSE_TIMESTAMP of bad text is NULL",
        sql: "select safe.parse_timestamp('%Y-%m-%d %H:%M:%S', x) as t from unnest(['2024-01-01 00:00:00', 'garbage']) as x",
    },
    {
        name: "FORMAT_TIMESTAMP with zone",
        sql: "select format_timestamp('%Y-%m-%d %H:%M:%S', timestamp '2024-01-01 10:00:00', 'America/New_York') as a, format_timestamp('%F %T', timestamp '2024-01-01 10:00:00') as b, format_timestamp('%Y%m%d', timestamp '2024-12-31 23:30:00', 'Asia/Tokyo') as c",
    },
    {
        name: "FORMAT_DATE and FORMAT_DATETIME",
        sql: "select format_date('%Y-%m', date '2024-03-09') as a, format_date('%d/%m/%Y', date '2024-03-09') as b, format_datetime('%Y-%m-%d %H:%M', datetime '2024-03-09 07:05:00') as c",
    },
    {
        name: "TIMESTAMP_MILLIS, TIMESTAMP_MICROS, TIMESTAMP_SECONDS",
        sql: "select timestamp_millis(1700000000123) as ms, timestamp_micros(1700000000123456) as us, timestamp_seconds(1700000000) as s",
    },
    {
        name: "UNIX_MILLIS, UNIX_SECONDS, UNIX_MICROS, UNIX_DATE",
        sql: "select unix_millis(timestamp '2024-01-01 00:00:00.123456') as ms, unix_seconds(timestamp '2024-01-01 00:00:01.9') as s, unix_micros(timestamp '2024-01-01 00:00:00.000001') as us, unix_date(date '2024-01-01') as d",
    },
    {
        name: "epoch millis parsing of client clocks",
        sql: "select event_id, timestamp_millis(client_ms) as client_at, timestamp_diff(event_at, timestamp_millis(client_ms), millisecond) as skew_ms from fixture.events where client_ms is not null",
        tables: [events],
    },
    {
        name: "TIMESTAMP_ADD and TIMESTAMP_SUB",
        sql: "select timestamp_add(timestamp '2024-01-01 00:00:00', interval 90 minute) as a, timestamp_sub(timestamp '2024-03-31 12:00:00', interval 1 day) as b, timestamp_add(timestamp '2024-01-01 00:00:00', interval 1500 millisecond) as c",
    },
    {
        name: "DATE_ADD and DATE_SUB stay DATE, months clamp",
        sql: "select date_add(date '2024-01-31', interval 1 month) as a, date_sub(date '2024-03-01', interval 1 day) as b, date_add(date '2024-01-01', interval 2 week) as c, date_add(date '2024-02-29', interval 1 year) as d, date_sub(date '2024-05-31', interval 1 quarter) as e",
    },
    {
        name: "DATETIME_ADD",
        sql: "select datetime_add(datetime '2024-01-31 10:00:00', interval 1 month) as a, datetime_add(datetime '2024-01-01 23:00:00', interval 2 hour) as b",
    },
    {
        name: "timestamp plus INTERVAL operator",
        sql: "select timestamp '2024-01-01 00:00:00' + interval 2 hour as a, timestamp '2024-01-01 00:00:00' - interval 30 minute as b",
    },
    { name: "DATE_ADD with a column amount", sql: "select date_add(date '2024-01-01', interval n day) as d from unnest([0, 1, 31]) as n" },
    {
        name: "GENERATE_DATE_ARRAY by day and by month",
        sql: "select generate_date_array(date '2024-01-30', date '2024-02-02') as a, generate_date_array(date '2024-01-31', date '2024-05-01', interval 1 month) as b",
    },
    { name: "LAST_DAY", sql: "select last_day(date '2024-02-10') as a, last_day(date '2023-02-10') as b" },
    {
        name: "CAST timestamp and date to STRING",
        sql: "select cast(timestamp '2024-01-02 03:04:05+00' as string) as a, cast(date '2024-01-02' as string) as b, cast(datetime '2024-01-02 03:04:05' as string) as c",
    },
    { name: "CAST timestamp with fraction to STRING", sql: "select cast(timestamp '2024-01-02 03:04:05.120+00' as string) as a" },
    {
        name: "CAST between DATE, DATETIME and TIMESTAMP",
        sql: "select cast(date '2024-01-02' as timestamp) as a, cast(timestamp '2024-01-02 23:00:00' as date) as b, cast(datetime '2024-01-02 10:00:00' as timestamp) as c, cast('2024-01-02 10:00:00' as timestamp) as d",
    },
    {
        name: "daily counts in a reporting time zone",
        sql: "select date(event_at, 'America/New_York') as local_date, count(*) as n from fixture.events group by local_date",
        tables: [events],
    },
];
