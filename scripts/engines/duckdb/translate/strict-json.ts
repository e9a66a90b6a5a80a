/**
 * What BigQuery's PARSE_JSON accepts (wide_number_mode 'exact', the default), for the texts DuckDB's
 * own JSON parser cannot vouch for. The rules are ZetaSQL's (zetasql/public/json_value.cc, RFC 8259 on
 * nlohmann's parser): a leading UTF-8 byte order mark is skipped; strings hold no raw control
 * character and every \u escape of a surrogate is one half of a high-low pair; an integer that fits
 * INT64 or UINT64 is kept, any other number must survive a round trip through FLOAT64 exactly (the
 * shortest text of the double is the same decimal number), so 1e400, 1e-400, 2^64 and
 * 1.234567890123456789 are refused; no trailing commas, NaN, comments or text after the value.
 */
export function isStrictJson(text: string): boolean {
    try {
        const reader = new StrictReader(text.startsWith("\ufeff") ? text.slice(1) : text);
        reader.value();
        reader.end();
        return true;
    } catch (error) {
        if (error instanceof NotJson) return false;
        throw error;
    }
}

class NotJson extends Error {}

const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const LITERAL = /true|false|null/y;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

class StrictReader {
    private at = 0;
    constructor(private readonly text: string) {}

    value(): void {
        this.space();
        const char = this.text[this.at];
        if (char === "{")
            return this.container("}", () => {
                this.string();
                this.space();
                this.expect(":");
                this.value();
            });
        if (char === "[") return this.container("]", () => this.value());
        if (char === '"') return this.string();
        if (this.token(LITERAL)) return;
        this.number();
    }

    end(): void {
        this.space();
        if (this.at !== this.text.length) throw new NotJson();
    }

    private container(close: string, member: () => void): void {
        this.at++;
        this.space();
        if (this.text[this.at] === close) {
            this.at++;
            return;
        }
        for (;;) {
            member();
            this.space();
            if (this.text[this.at] === close) {
                this.at++;
                return;
            }
            this.expect(",");
        }
    }

    private string(): void {
        this.space();
        this.expect('"');
        for (;;) {
            const char = this.text[this.at];
            if (char === undefined || char < " ") throw new NotJson();
            this.at++;
            if (char === '"') return;
            if (char !== "\\") continue;
            const escaped = this.text[this.at++];
            if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) continue;
            if (escaped !== "u") throw new NotJson();
            const code = this.hex();
            if (code >= 0xdc00 && code <= 0xdfff) throw new NotJson();
            if (code >= 0xd800 && code <= 0xdbff) {
                if (this.text.slice(this.at, this.at + 2) !== "\\u") throw new NotJson();
                this.at += 2;
                const low = this.hex();
                if (low < 0xdc00 || low > 0xdfff) throw new NotJson();
            }
        }
    }

    private hex(): number {
        const digits = this.text.slice(this.at, this.at + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(digits)) throw new NotJson();
        this.at += 4;
        return parseInt(digits, 16);
    }

    private number(): void {
        NUMBER.lastIndex = this.at;
        const match = NUMBER.exec(this.text);
        if (!match) throw new NotJson();
        this.at += match[0].length;
        const [text, fraction, exponent] = match;
        if (fraction === undefined && exponent === undefined) {
            const integer = BigInt(text);
            if (integer >= INT64_MIN && integer <= UINT64_MAX) return;
        }
        const double = Number(text);
        if (!Number.isFinite(double) || decimal(String(double)) !== decimal(text)) throw new NotJson();
    }

    private token(pattern: RegExp): boolean {
        pattern.lastIndex = this.at;
        const match = pattern.exec(this.text);
        if (match) this.at += match[0].length;
        return match !== null;
    }

    private expect(char: string): void {
        if (this.text[this.at] !== char) throw new NotJson();
        this.at++;
    }

    private space(): void {
        while (" \t\n\r".includes(this.text[this.at] ?? "x")) this.at++;
    }
}

/** A decimal number's exact value as "sign digits e exponent", digits without leading or trailing zeros. */
function decimal(text: string): string {
    const match = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text)!;
    const [, sign, whole = "", fraction = "", exponent = "0"] = match;
    const digits = (whole + fraction).replace(/^0+/, "");
    if (digits === "") return "0";
    const trimmed = digits.replace(/0+$/, "");
    return `${sign}${trimmed}e${Number(exponent) - fraction.length + (digits.length - trimmed.length)}`;
}
