/**
 * GoogleSQL type text (`ARRAY<STRUCT<a INT64, b STRING>>`) <-> a small type
 * tree <-> ZetaSQL TypeProto.
 */

export type ScalarKind =
    | "INT64"
    | "FLOAT64"
    | "NUMERIC"
    | "BIGNUMERIC"
    | "BOOL"
    | "STRING"
    | "BYTES"
    | "DATE"
    | "DATETIME"
    | "TIME"
    | "TIMESTAMP"
    | "JSON"
    | "INTERVAL";

export type SqlType = { kind: ScalarKind } | { kind: "ARRAY"; element: SqlType } | { kind: "STRUCT"; fields: StructField[] };

/** `name` is "" for an anonymous field (`STRUCT<INT64>`). */
export interface StructField {
    name: string;
    type: SqlType;
}

/** The slice of zetasql.TypeProto we read and write. */
export interface TypeProto {
    typeKind?: string;
    arrayType?: { elementType?: TypeProto | null } | null;
    structType?: { field?: { fieldName?: string; fieldType?: TypeProto | null }[] } | null;
}

const ALIASES: Record<string, ScalarKind> = {
    INT64: "INT64",
    INT: "INT64",
    INTEGER: "INT64",
    BIGINT: "INT64",
    SMALLINT: "INT64",
    TINYINT: "INT64",
    BYTEINT: "INT64",
    FLOAT64: "FLOAT64",
    NUMERIC: "NUMERIC",
    DECIMAL: "NUMERIC",
    BIGNUMERIC: "BIGNUMERIC",
    BIGDECIMAL: "BIGNUMERIC",
    BOOL: "BOOL",
    BOOLEAN: "BOOL",
    STRING: "STRING",
    BYTES: "BYTES",
    DATE: "DATE",
    DATETIME: "DATETIME",
    TIME: "TIME",
    TIMESTAMP: "TIMESTAMP",
    JSON: "JSON",
    INTERVAL: "INTERVAL",
};

const KIND_TO_PROTO: Record<ScalarKind, string> = {
    INT64: "TYPE_INT64",
    FLOAT64: "TYPE_DOUBLE",
    NUMERIC: "TYPE_NUMERIC",
    BIGNUMERIC: "TYPE_BIGNUMERIC",
    BOOL: "TYPE_BOOL",
    STRING: "TYPE_STRING",
    BYTES: "TYPE_BYTES",
    DATE: "TYPE_DATE",
    DATETIME: "TYPE_DATETIME",
    TIME: "TYPE_TIME",
    TIMESTAMP: "TYPE_TIMESTAMP",
    JSON: "TYPE_JSON",
    INTERVAL: "TYPE_INTERVAL",
};
const PROTO_TO_KIND = Object.fromEntries(Object.entries(KIND_TO_PROTO).map(([kind, proto]) => [proto, kind])) as Record<string, ScalarKind>;

/** Parses GoogleSQL type text; type parameters (`STRING(10)`, `NUMERIC(10, 2)`) are accepted and dropped. */
export function parseType(text: string): SqlType {
    const tokens = tokenize(text);
    let position = 0;
    const peek = (offset = 0) => tokens[position + offset];
    const fail = (message: string): never => {
        throw new Error(`bad type ${JSON.stringify(text)}: ${message}`);
    };
    const expect = (token: string) => {
        if (peek()?.toUpperCase() !== token) fail(`expected ${token} at ${JSON.stringify(peek() ?? "end")}`);
        position++;
    };
    const isWord = (token: string | undefined) => token !== undefined && !/^[<>,()]$/.test(token);

    const parse = (): SqlType => {
        const word = peek();
        if (!isWord(word)) return fail(`expected a type at ${JSON.stringify(word ?? "end")}`);
        position++;
        const upper = word!.toUpperCase();
        if (upper === "ARRAY") {
            expect("<");
            const element = parse();
            expect(">");
            return { kind: "ARRAY", element };
        }
        if (upper === "STRUCT") {
            expect("<");
            const fields: StructField[] = [];
            while (peek() !== ">") {
                if (fields.length > 0) expect(",");
                // A field has a name when a word follows the first word: `a INT64`, `a ARRAY<...>`.
                const named = isWord(peek()) && isWord(peek(1));
                const name = named ? unquote(tokens[position++]!) : "";
                fields.push({ name, type: parse() });
            }
            expect(">");
            return { kind: "STRUCT", fields };
        }
        const kind = ALIASES[upper];
        if (!kind) return fail(`unsupported type ${word}`);
        if (peek() === "(") {
            while (peek() !== ")") {
                if (peek() === undefined) fail("unclosed type parameters");
                position++;
            }
            position++;
        }
        return { kind };
    };

    const type = parse();
    if (position !== tokens.length) fail(`unexpected ${JSON.stringify(peek())}`);
    return type;
}

function tokenize(text: string): string[] {
    const tokens: string[] = [];
    const pattern = /\s*(`(?:[^`\\]|\\.)*`|[<>,()]|[A-Za-z0-9_]+)/y;
    let end = 0;
    let match: RegExpExecArray | null;
    while ((match = pattern.exec(text))) {
        tokens.push(match[1]!);
        end = pattern.lastIndex;
    }
    if (text.slice(end).trim()) throw new Error(`bad type ${JSON.stringify(text)}: cannot read ${JSON.stringify(text.slice(end))}`);
    return tokens;
}

function unquote(name: string): string {
    return name.startsWith("`") ? name.slice(1, -1).replace(/\\(.)/g, "$1") : name;
}

/** Canonical type text: upper-case kinds, `STRUCT<a INT64, b STRING>`. */
export function formatType(type: SqlType): string {
    switch (type.kind) {
        case "ARRAY":
            return `ARRAY<${formatType(type.element)}>`;
        case "STRUCT":
            return `STRUCT<${type.fields.map((field) => (field.name ? `${quoteName(field.name)} ${formatType(field.type)}` : formatType(field.type))).join(", ")}>`;
        default:
            return type.kind;
    }
}

/** GoogleSQL reserved keywords: a field with such a name must be quoted to be read back. */
const RESERVED = new Set(
    `ALL AND ANY ARRAY AS ASC ASSERT_ROWS_MODIFIED AT BETWEEN BY CASE CAST COLLATE CONTAINS CREATE CROSS CUBE CURRENT DEFAULT
  DEFINE DESC DISTINCT ELSE END ENUM ESCAPE EXCEPT EXCLUDE EXISTS EXTRACT FALSE FETCH FOLLOWING FOR FROM FULL GROUP GROUPING
  GROUPS HASH HAVING IF IGNORE IN INNER INTERSECT INTERVAL INTO IS JOIN LATERAL LEFT LIKE LIMIT LOOKUP MERGE NATURAL NEW NO
  NOT NULL NULLS OF ON OR ORDER OUTER OVER PARTITION PRECEDING PROTO QUALIFY RANGE RECURSIVE RESPECT RIGHT ROLLUP ROWS
  SELECT SET SOME STRUCT TABLESAMPLE THEN TO TREAT TRUE UNBOUNDED UNION UNNEST USING WHEN WHERE WINDOW WITH WITHIN`.split(/\s+/),
);

function quoteName(name: string): string {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name.toUpperCase()) ? name : `\`${name.replace(/[`\\]/g, "\\$&")}\``;
}

export function toTypeProto(type: SqlType): TypeProto {
    switch (type.kind) {
        case "ARRAY":
            return { typeKind: "TYPE_ARRAY", arrayType: { elementType: toTypeProto(type.element) } };
        case "STRUCT":
            return {
                typeKind: "TYPE_STRUCT",
                structType: { field: type.fields.map((field) => ({ fieldName: field.name, fieldType: toTypeProto(field.type) })) },
            };
        default:
            return { typeKind: KIND_TO_PROTO[type.kind] };
    }
}

export function fromTypeProto(proto: TypeProto): SqlType {
    if (proto.typeKind === "TYPE_ARRAY") {
        return { kind: "ARRAY", element: fromTypeProto(proto.arrayType?.elementType ?? {}) };
    }
    if (proto.typeKind === "TYPE_STRUCT") {
        return {
            kind: "STRUCT",
            fields: (proto.structType?.field ?? []).map((field) => ({
                name: field.fieldName ?? "",
                type: fromTypeProto(field.fieldType ?? {}),
            })),
        };
    }
    const kind = PROTO_TO_KIND[proto.typeKind ?? ""];
    if (!kind) throw new Error(`ZetaSQL type ${proto.typeKind} has no BigQuery equivalent here`);
    return { kind };
}
