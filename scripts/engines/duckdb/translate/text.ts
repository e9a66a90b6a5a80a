/**
 * Text functions BigQuery defines by Unicode rules DuckDB lacks.
 */

/**
 * CONTAINS_SUBSTR's comparison form: NFKC-normalized and case-folded
 * (https://cloud.google.com/bigquery/docs/reference/standard-sql/string_functions#contains_substr).
 * Full case folding is upper- then lower-casing, with the final sigma folded like any sigma.
 */
export function caseFolded(text: string): string {
    return text.normalize("NFKC").toUpperCase().toLowerCase().replaceAll("ς", "σ").normalize("NFKC");
}

/** UTF-8 bytes to text, each byte that is not part of a valid sequence replaced by U+FFFD (SAFE_CONVERT_BYTES_TO_STRING). */
export function utf8WithReplacements(bytes: Uint8Array): string {
    let text = "";
    let index = 0;
    while (index < bytes.length) {
        const length = sequenceLength(bytes, index);
        if (length === 0) {
            text += "\uFFFD";
            index++;
        } else {
            text += Buffer.from(bytes.subarray(index, index + length)).toString("utf8");
            index += length;
        }
    }
    return text;
}

/** The length of the valid UTF-8 sequence starting at `index`, or 0 (overlong forms, surrogates and values past U+10FFFF are invalid). */
function sequenceLength(bytes: Uint8Array, index: number): number {
    const first = bytes[index]!;
    if (first < 0x80) return 1;
    const continuation = (offset: number, low = 0x80, high = 0xbf) => {
        const byte = bytes[index + offset];
        return byte !== undefined && byte >= low && byte <= high;
    };
    if (first >= 0xc2 && first <= 0xdf) return continuation(1) ? 2 : 0;
    if (first >= 0xe0 && first <= 0xef) {
        const [low, high] = first === 0xe0 ? [0xa0, 0xbf] : first === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
        return continuation(1, low, high) && continuation(2) ? 3 : 0;
    }
    if (first >= 0xf0 && first <= 0xf4) {
        const [low, high] = first === 0xf0 ? [0x90, 0xbf] : first === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
        return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
    }
    return 0;
}

/** DuckDB types (typeof) whose to_json text is BigQuery's TO_JSON_STRING: STRING, INT64, BOOL, DATE, and lists and structs of them. */
export function jsonEncodable(duckdbType: string): boolean {
    // Field names follow "(" or ", " and precede a space; quoted ones may hold anything.
    const withoutNames = duckdbType.replace(/(\(|, )("(?:[^"]|"")*"|[^\s,()"]+) /g, "$1");
    const words = withoutNames
        .replace(/\[\]/g, " ")
        .split(/[\s,()]+/)
        .filter(Boolean);
    return words.every((word) => ["VARCHAR", "BIGINT", "INTEGER", "BOOLEAN", "DATE", "STRUCT", "NULL", '"NULL"'].includes(word));
}

/** BigQuery writes integers beyond 2^53 as strings, and escapes U+2028 and U+2029. */
export function bigQueryJsonText(json: string): string {
    return json
        .replace(/"(?:[^"\\]|\\.)*"|-?\d+/g, (token) => (token.startsWith('"') || abs(BigInt(token)) <= 2n ** 53n ? token : `"${token}"`))
        .replaceAll("\u2028", "\\u2028")
        .replaceAll("\u2029", "\\u2029");
}

const abs = (value: bigint) => (value < 0n ? -value : value);
