import { UnsupportedSqlError } from "./errors.ts";

/**
 * BigQuery format elements with a DuckDB strftime/strptime equivalent of
 * the same output. Anything else (%Z, %E*S, %e, %U, ...) is refused.
 */
const common: Record<string, string> = {
  "%Y": "%Y", "%m": "%m", "%d": "%d", "%H": "%H", "%M": "%M", "%S": "%S",
  "%y": "%y", "%b": "%b", "%h": "%b", "%B": "%B", "%a": "%a", "%A": "%A",
  "%j": "%j", "%p": "%p", "%I": "%I", "%w": "%w", "%%": "%%",
  "%F": "%Y-%m-%d", "%T": "%H:%M:%S", "%D": "%m/%d/%y", "%R": "%H:%M",
  "%E6S": "%S.%f", "%E3S": "%S.%g",
};

/** Offsets parse fine (+HH:MM, +HHMM); formatting them would print DuckDB's session zone. */
const parseOnly: Record<string, string> = { "%z": "%z", "%Ez": "%z" };

export interface DuckDbFormat {
  format: string;
  hasZone: boolean;
}

/** A BigQuery format string to DuckDB's, for parsing or for formatting. */
export function duckdbFormat(bigQueryFormat: string, use: "parse" | "format"): DuckDbFormat {
  const elements = use === "parse" ? { ...common, ...parseOnly } : common;
  let hasZone = false;
  const format = bigQueryFormat.replace(/%(E[0-9*]S|E[a-zA-Z]|O[a-zA-Z]|[^])/g, (element) => {
    const mapped = elements[element];
    if (mapped === undefined) throw new UnsupportedSqlError(`format element ${element} in '${bigQueryFormat}'`);
    if (mapped === "%z") hasZone = true;
    return mapped;
  });
  return { format, hasZone };
}
