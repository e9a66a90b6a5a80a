/**
 * Every string var that reaches SQL does so through sql.string: the literal must give back the exact
 * text on BigQuery's reference evaluator and on DuckDB, whatever the text holds (quotes, backslashes,
 * line breaks, comment markers), and a bot pattern escaped as a regular expression matches itself.
 */
import { describe, expect, it } from "vitest";
import { requireInclude } from "./load.ts";
import { useQueryOnBothEngines } from "./both-engines.ts";
import { NASTY_TEXTS } from "./nasty-texts.ts";

const sql = requireInclude("./sql.js") as typeof import("../../includes/sql.js");

// texts a regular expression can take (bot_patterns): each matches itself once escaped, in a literal
const patterns = NASTY_TEXTS.filter((text) => !/[[\]\\]/.test(text));
const found = (text: string) =>
    patterns.includes(text) ? `regexp_contains(${sql.string(`ua ${text} ua`)}, ${sql.string(sql.regexEscape(text))})` : "null";
const query = `select * from unnest([\n    ${NASTY_TEXTS.map((text, i) => `struct(${i} as i, ${sql.string(text)} as value, ${found(text)} as found)`).join(",\n    ")}\n]) order by i`;
const results = useQueryOnBothEngines("sql.string literals", query);

describe("sql.string", () => {
    it("gives back the exact text on ZetaSQL and on DuckDB", () => {
        const expected = NASTY_TEXTS.map((value, i) => ({ i: String(i), value, found: patterns.includes(value) ? true : null }));
        expect(results().zetasql.rows).toEqual(expected);
        expect(results().duckdb.rows).toEqual(expected);
    });

    it("refuses control characters other than line breaks and tabs, naming the text", () => {
        expect(() => sql.string("a\u0001b")).toThrow('sql.string: "a\\u0001b" holds a control character');
    });

    it("keeps every character of the text inside one literal", () => {
        for (const text of NASTY_TEXTS) {
            const literal = sql.string(text);
            expect(literal).not.toMatch(/[\n\r]/);
            expect(literal.slice(1, -1).replace(/\\./g, "")).not.toContain("'");
        }
    });
});
