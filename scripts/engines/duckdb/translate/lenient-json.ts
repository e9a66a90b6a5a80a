/**
 * BigQuery's JSON functions on STRING text (JSON_VALUE, JSON_QUERY...) read
 * it with a lenient parser: strings in single quotes and trailing commas are
 * accepted, and text after the first complete value is ignored, where
 * DuckDB's parser refuses the whole text. strictJson() rewrites such text as
 * the strict JSON BigQuery reads from it, or returns null when BigQuery finds
 * no value either (unquoted keys, NaN, leading '+' or '.').
 *
 * BigQuery also reads a text only as far as a path needs: JSON_VALUE of
 * `{"a":1,,}` at '$.a' is 1, though the text breaks later. prefixJson()
 * gives what was read before the break, every open container closed, for
 * JSON_VALUE (whose scalars are complete when read). Remaining difference:
 * JSON_QUERY of a complete part of a broken text is NULL here. The lenient
 * reader turns every surrogate escape (`\ud800`, and each half of a pair) into
 * U+FFFD, as the ZetaSQL reference evaluator does, where DuckDB's parser fails
 * the whole query on a lone one.
 */
export function strictJson(text: string): string | null {
    try {
        return new LenientParser(text).value();
    } catch (error) {
        if (error instanceof Broken) return null;
        throw error;
    }
}

export function prefixJson(text: string): string | null {
    try {
        return new LenientParser(text).value();
    } catch (error) {
        if (error instanceof Broken) return error.partial ?? null;
        throw error;
    }
}

/** The text breaks here; `partial` is the value read so far, its containers closed. */
class Broken extends Error {
    constructor(readonly partial?: string) {
        super("not JSON");
    }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERAL = /true|false|null/y;

class LenientParser {
    private at = 0;
    constructor(private readonly text: string) {}

    value(): string {
        this.skipSpace();
        const char = this.text[this.at];
        if (char === "{") return this.container("{", "}", () => this.member());
        if (char === "[") return this.container("[", "]", () => this.value());
        if (char === '"' || char === "'") return this.string();
        return this.token(NUMBER) ?? this.token(LITERAL) ?? this.fail();
    }

    private member(): string {
        const key = this.string();
        this.skipSpace();
        if (this.text[this.at] !== ":") this.fail();
        this.at++;
        try {
            return `${key}:${this.value()}`;
        } catch (error) {
            if (error instanceof Broken && error.partial !== undefined) throw new Broken(`${key}:${error.partial}`);
            throw error;
        }
    }

    /** Members separated by commas; a comma before the closing bracket is allowed. */
    private container(open: string, close: string, member: () => string): string {
        this.at++;
        const members: string[] = [];
        try {
            for (;;) {
                this.skipSpace();
                if (this.text[this.at] === close) break;
                members.push(member());
                this.skipSpace();
                if (this.text[this.at] === ",") this.at++;
                else if (this.text[this.at] !== close) this.fail();
            }
        } catch (error) {
            if (!(error instanceof Broken)) throw error;
            if (error.partial !== undefined) members.push(error.partial);
            throw new Broken(`${open}${members.join(",")}${close}`);
        }
        this.at++;
        return `${open}${members.join(",")}${close}`;
    }

    /** A string in double or single quotes, as strict JSON text. */
    private string(): string {
        this.skipSpace();
        const quote = this.text[this.at];
        if (quote !== '"' && quote !== "'") this.fail();
        let value = "";
        for (this.at++; this.text[this.at] !== quote; this.at++) {
            const char = this.text[this.at];
            if (char === undefined) this.fail();
            if (char !== "\\") {
                value += char;
                continue;
            }
            const escaped = this.text[++this.at];
            const simple: Record<string, string> = {
                '"': '"',
                "'": "'",
                "\\": "\\",
                "/": "/",
                b: "\b",
                f: "\f",
                n: "\n",
                r: "\r",
                t: "\t",
            };
            if (escaped !== undefined && escaped in simple) value += simple[escaped];
            else if (escaped === "u" && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 1, this.at + 5))) {
                // BigQuery's lenient reader decodes each \u escape on its own: a surrogate, paired or not, is U+FFFD.
                const code = parseInt(this.text.slice(this.at + 1, this.at + 5), 16);
                value += code >= 0xd800 && code <= 0xdfff ? "\ufffd" : String.fromCharCode(code);
                this.at += 4;
            } else this.fail();
        }
        this.at++;
        return JSON.stringify(value);
    }

    private token(pattern: RegExp): string | undefined {
        pattern.lastIndex = this.at;
        const match = pattern.exec(this.text);
        if (!match) return undefined;
        this.at += match[0].length;
        return match[0];
    }

    private skipSpace(): void {
        while (/\s/.test(this.text[this.at] ?? "")) this.at++;
    }

    private fail(): never {
        throw new Broken();
    }
}
