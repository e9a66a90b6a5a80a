import { expr, sqlString, stringLiteral, type Json, type Node } from "./ast.ts";
import { UnsupportedSqlError } from "../../errors.ts";
import { instantOf } from "./zones.ts";

/**
 * CAST(x AS type FORMAT 'elements'): BigQuery's own format elements (not
 * FORMAT_DATE's %-elements), for text to DATE/DATETIME/TIMESTAMP and back.
 * https://cloud.google.com/bigquery/docs/reference/standard-sql/format-elements#format_elements_date_time
 * Each element translated is listed here; any other is refused by name.
 */

/** Parsing: BigQuery element -> strptime element. Elements are case-insensitive when parsing. */
const parseElements: Record<string, string> = {
    YYYY: "%Y",
    MM: "%m",
    DD: "%d",
    HH24: "%H",
    MI: "%M",
    SS: "%S",
};

/** Literal characters a format may hold between elements, as BigQuery lists them. */
const SEPARATORS = /^[-./,';: ]/;

/** The format's pieces: elements as written (their case matters when formatting), literals as text. */
function pieces(format: string, elements: string[]): { element?: string; text: string }[] {
    const result: { element?: string; text: string }[] = [];
    let rest = format;
    while (rest) {
        const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
        if (quoted) {
            result.push({ text: quoted[1]!.replace(/\\(.)/g, "$1") });
            rest = rest.slice(quoted[0].length);
            continue;
        }
        if (SEPARATORS.test(rest)) {
            result.push({ text: rest[0]! });
            rest = rest.slice(1);
            continue;
        }
        const element = elements.find((candidate) => rest.toUpperCase().startsWith(candidate));
        if (!element) throw new UnsupportedSqlError(`CAST format element ${/^[A-Za-z.0-9]+/.exec(rest)?.[0] ?? rest[0]} in '${format}'`);
        result.push({ element: rest.slice(0, element.length), text: "" });
        rest = rest.slice(element.length);
    }
    return result;
}

function literalFormat(format: Json, construct: string): string {
    const text = stringLiteral(format);
    if (text === undefined) throw new UnsupportedSqlError(`${construct} with a non-literal FORMAT`);
    return text;
}

/** CAST(text AS DATE/DATETIME/TIMESTAMP FORMAT f): strptime of the trimmed text; the year, month and day must all be given. */
export function parseWithFormat(value: Json, type: string, format: Json, safe: boolean): Node {
    const construct = `CAST(... AS ${type} FORMAT)`;
    if (!["DATE", "DATETIME", "TIMESTAMP"].includes(type)) throw new UnsupportedSqlError(`${construct} of STRING to ${type}`);
    const text = literalFormat(format, construct);
    const parts = pieces(text, Object.keys(parseElements));
    const given = new Set(parts.map((part) => part.element?.toUpperCase()));
    // A missing year is the current year in BigQuery: not reproducible, so the date must be complete.
    if (!["YYYY", "MM", "DD"].every((element) => given.has(element))) {
        throw new UnsupportedSqlError(`${construct} without all of YYYY, MM and DD`);
    }
    if (type === "DATE" && ["HH24", "MI", "SS"].some((element) => given.has(element))) {
        throw new UnsupportedSqlError(`${construct} with time elements for a DATE`);
    }
    const strptime = parts
        .map((part) => (part.element ? parseElements[part.element.toUpperCase()]! : part.text.replaceAll("%", "%%")))
        .join("");
    const parsed = expr(`${safe ? "try_strptime" : "strptime"}(trim(CAST($0 AS VARCHAR)), ${sqlString(strptime)})`, value);
    if (type === "DATE") return expr("CAST($0 AS DATE)", parsed);
    if (type === "DATETIME") return parsed;
    return instantOf(expr("'UTC'"), parsed);
}

/** Formatting: BigQuery element (upper case) -> DuckDB expression over the wall-clock TIMESTAMP $0. */
const formatElements: Record<string, string> = {
    YYYY: "lpad(CAST(year($0) AS VARCHAR), 4, '0')",
    YYY: "lpad(CAST(year($0) % 1000 AS VARCHAR), 3, '0')",
    YY: "lpad(CAST(year($0) % 100 AS VARCHAR), 2, '0')",
    Y: "CAST(year($0) % 10 AS VARCHAR)",
    MM: "strftime($0, '%m')",
    DDD: "strftime($0, '%j')",
    DD: "strftime($0, '%d')",
    D: "CAST(CAST(strftime($0, '%w') AS INTEGER) + 1 AS VARCHAR)",
    HH24: "strftime($0, '%H')",
    HH12: "strftime($0, '%I')",
    HH: "strftime($0, '%I')",
    MI: "strftime($0, '%M')",
    SS: "strftime($0, '%S')",
};

/** Names, in the case the element is written in: MON -> MAR, Mon -> Mar, mon -> mar. */
const nameElements: Record<string, string> = { MONTH: "%B", MON: "%b", DAY: "%A", DY: "%a" };
const MERIDIANS = ["A.M.", "P.M.", "AM", "PM"];
const TIME_ELEMENTS = new Set(["HH24", "HH12", "HH", "MI", "SS", ...MERIDIANS]);

function casedName(element: string, strftime: string): string {
    const name = `strftime($0, '${strftime}')`;
    if (element === element.toUpperCase()) return `upper(${name})`;
    if (element === element.toLowerCase()) return `lower(${name})`;
    if (element[0] === element[0]!.toUpperCase() && element.slice(1) === element.slice(1).toLowerCase()) return name;
    throw new UnsupportedSqlError(`CAST format element ${element} (mixed case)`);
}

function meridian(element: string): string {
    const dotted = element.includes(".");
    const [am, pm] = dotted ? ["A.M.", "P.M."] : ["AM", "PM"];
    const lower = element === element.toLowerCase();
    const text = (value: string) => sqlString(lower ? value.toLowerCase() : value);
    return `CASE WHEN hour($0) < 12 THEN ${text(am)} ELSE ${text(pm)} END`;
}

const FRACTION = /^FF[1-9]/;

/** CAST(date/datetime/timestamp AS STRING FORMAT f); other types are refused when the query runs. */
export function formatWithFormat(value: Json, format: Json): Node {
    const construct = "CAST(... AS STRING FORMAT)";
    const text = literalFormat(format, construct);
    const elements = [
        ...Object.keys(nameElements),
        ...MERIDIANS,
        ...Object.keys(formatElements),
        ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `FF${n}`),
    ];
    elements.sort((a, b) => b.length - a.length);
    const parts = pieces(text, elements);
    const timeOfDay = parts.some(
        (part) => part.element && (TIME_ELEMENTS.has(part.element.toUpperCase()) || FRACTION.test(part.element.toUpperCase())),
    );
    const sql = parts.map((part) => {
        if (!part.element) return sqlString(part.text);
        const upper = part.element.toUpperCase();
        if (nameElements[upper]) return casedName(part.element, nameElements[upper]!);
        if (MERIDIANS.includes(upper)) return meridian(part.element);
        if (FRACTION.test(upper)) {
            const digits = Number(upper.slice(2));
            return digits <= 6 ? `substr(strftime($0, '%f'), 1, ${digits})` : `strftime($0, '%f') || '${"0".repeat(digits - 6)}'`;
        }
        return formatElements[upper]!;
    });
    const body = sql.length === 0 ? "''" : sql.join(" || ");
    return expr(`bq_format_cast_value($0, ${timeOfDay}, (${body.replaceAll("$0", "bq_format_cast_time($0)")}))`, value);
}
