/**
 * polyglot reads `\n`, `\t`, `\\` and the like in BigQuery string literals,
 * but keeps `\uXXXX` and `\UXXXXXXXX` as text, so '\u00e9' would reach DuckDB
 * as six characters. These escapes are replaced by their characters in the
 * SQL text before it is parsed. One that stands for a quote, a backslash or
 * a control character is left as it is, and the literal is then refused
 * (expressions.ts). Raw strings (r'...'), bytes (b'...'), comments and
 * backticked names are left alone.
 */
const UNICODE_ESCAPE = /^\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/;

export function decodeUnicodeEscapes(sql: string): string {
    if (!/\\[uU]/.test(sql)) return sql;
    let out = "";
    let index = 0;
    while (index < sql.length) {
        const char = sql[index]!;
        const rest = sql.slice(index);
        const comment = /^(--|#)[^\n]*|^\/\*[\s\S]*?\*\//.exec(rest);
        if (comment) {
            out += comment[0];
            index += comment[0].length;
            continue;
        }
        if (char === "`") {
            const end = sql.indexOf("`", index + 1);
            const stop = end === -1 ? sql.length : end + 1;
            out += sql.slice(index, stop);
            index = stop;
            continue;
        }
        const literal = /^([rRbB]{0,2})('''|"""|'|")/.exec(rest);
        if (literal && (index === 0 || !/[A-Za-z0-9_]/.test(sql[index - 1]!) || literal[1] !== "")) {
            const prefix = literal[1]!.toLowerCase();
            const quote = literal[2]!;
            let position = index + literal[0].length;
            let body = "";
            while (position < sql.length && !sql.startsWith(quote, position)) {
                if (sql[position] === "\\" && !prefix.includes("r")) {
                    const escape = UNICODE_ESCAPE.exec(sql.slice(position));
                    const code = escape ? parseInt(escape[1]!.slice(1), 16) : undefined;
                    if (
                        escape &&
                        !prefix.includes("b") &&
                        code! >= 0x20 &&
                        code !== 0x7f &&
                        code! <= 0x10ffff &&
                        !"'\"\\`".includes(String.fromCodePoint(code!))
                    ) {
                        body += String.fromCodePoint(code!);
                        position += escape[0].length;
                        continue;
                    }
                    body += sql.slice(position, position + 2);
                    position += 2;
                    continue;
                }
                body += sql[position];
                position++;
            }
            out += literal[0] + body + quote;
            index = position + quote.length;
            continue;
        }
        out += char;
        index++;
    }
    return out;
}
