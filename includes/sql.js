// @ts-check
/**
 * Small SQL text helpers shared by the other includes. Pure functions:
 * values in, BigQuery SQL text out.
 */

/**
 * A BigQuery string literal: single-quoted, with backslashes, quotes and line breaks escaped
 * (`\n`, `\r`, `\t`), so any text, `--` and `*\/` included, stays inside the literal. Other control
 * characters are refused: no var or tracking-plan name needs one.
 * @param {string} value
 * @returns {string}
 */
function string(value) {
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) {
        throw new Error(
            `sql.string: ${JSON.stringify(value)} holds a control character; only line breaks and tabs can be written in a literal`,
        );
    }
    /** @type {Record<string, string>} */
    const escapes = { "\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    return `'${value.replace(/[\\'\n\r\t]/g, (char) => escapes[char])}'`;
}

/**
 * A parenthesised list of string literals for `in (...)`.
 * @param {readonly string[]} values
 * @returns {string}
 */
function stringList(values) {
    if (values.length === 0) {
        throw new Error("sql.stringList: an IN list needs at least one value");
    }
    return `(${values.map(string).join(", ")})`;
}

/**
 * Escapes a literal text for use inside a regular expression. Special
 * characters become one-character classes (`.` -> `[.]`), so the SQL string
 * holds no backslashes (they translate unreliably between engines).
 * @param {string} text
 * @returns {string}
 */
function regexEscape(text) {
    if (/[[\]\\]/.test(text)) {
        throw new Error(`sql.regexEscape: brackets and backslashes are not supported in ${JSON.stringify(text)}`);
    }
    return text.replace(/[.*+?^${}()|]/g, "[$&]");
}

/**
 * A regular expression (as a BigQuery string literal) that matches a host or
 * source value containing one of `names` as a whole dot-separated label run:
 * `google` matches `google`, `www.google.com`, `google.co.uk`; `t.co` matches `t.co`.
 * @param {readonly string[]} names
 * @returns {string}
 */
function labelPattern(names) {
    if (names.length === 0) {
        throw new Error("sql.labelPattern: needs at least one name");
    }
    return string(`(^|[.])(${names.map(regexEscape).join("|")})([.]|$)`);
}

/**
 * A CASE expression laid out for a select list: `head` (e.g. `case x`) where
 * the expression starts, its branches one level deeper, `end` at `level`
 * (4 spaces per level; 2 = a column of a select inside a CTE).
 * @param {string} head
 * @param {readonly string[]} branches  `when ... then ...` and `else ...` lines
 * @param {number} level
 * @returns {string}
 */
function caseBlock(head, branches, level) {
    /** @param {number} n */
    const pad = (n) => " ".repeat(4 * n);
    return `${head}\n${branches.map((branch) => `${pad(level + 1)}${branch}`).join("\n")}\n${pad(level)}end`;
}

module.exports = { string, stringList, regexEscape, labelPattern, caseBlock };
