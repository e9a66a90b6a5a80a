import { UnsupportedSqlError } from "../../errors.ts";

/**
 * BigQuery format elements with a DuckDB strftime/strptime equivalent of
 * the same output. Anything else (%Z, %e, %U, ...) is refused; so is
 * formatting with %E*S, whose digits depend on the value.
 */
const common: Record<string, string> = {
    "%Y": "%Y",
    "%m": "%m",
    "%d": "%d",
    "%H": "%H",
    "%M": "%M",
    "%S": "%S",
    "%y": "%y",
    "%b": "%b",
    "%h": "%b",
    "%B": "%B",
    "%a": "%a",
    "%A": "%A",
    "%j": "%j",
    "%p": "%p",
    "%I": "%I",
    "%w": "%w",
    "%%": "%%",
    "%F": "%Y-%m-%d",
    "%T": "%H:%M:%S",
    "%D": "%m/%d/%y",
    "%R": "%H:%M",
};

/** Formatting prints exactly # digits; DuckDB has 3 (%g) and 6 (%f). */
const formatOnly: Record<string, string> = { "%E6S": "%S.%f", "%E3S": "%S.%g" };

/**
 * Parsing %E#S or %E*S reads the seconds with an optional fraction of any
 * length (BigQuery accepts '01:30:00' for %E6S): both spellings are tried.
 */
const secondsWithFraction = /^%E[0-9*]S$/;
const FRACTION = "\u0000fraction\u0000";

/** Offsets parse fine (+HH:MM, +HHMM); formatting them would print DuckDB's session zone. */
const parseOnly: Record<string, string> = { "%z": "%z", "%Ez": "%z" };

export interface DuckDbFormat {
    format: string;
    /** Formats strptime tries in turn (DuckDB takes a list); [format] unless seconds may have a fraction. */
    alternatives: string[];
    hasZone: boolean;
}

/** A BigQuery format string to DuckDB's, for parsing or for formatting. */
export function duckdbFormat(bigQueryFormat: string, use: "parse" | "format"): DuckDbFormat {
    const elements = use === "parse" ? { ...common, ...parseOnly } : { ...common, ...formatOnly };
    let hasZone = false;
    const format = bigQueryFormat.replace(/%(E[0-9*]S|E[a-zA-Z]|O[a-zA-Z]|[^])/g, (element) => {
        if (use === "parse" && secondsWithFraction.test(element)) return FRACTION;
        const mapped = elements[element];
        if (mapped === undefined) throw new UnsupportedSqlError(`format element ${element} in '${bigQueryFormat}'`);
        if (mapped === "%z") hasZone = true;
        return mapped;
    });
    if (!format.includes(FRACTION)) return { format, alternatives: [format], hasZone };
    const alternatives = [format.replaceAll(FRACTION, "%S.%f"), format.replaceAll(FRACTION, "%S")];
    return { format: alternatives[0]!, alternatives, hasZone };
}
