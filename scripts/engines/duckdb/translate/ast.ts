import { Dialect, parse } from "@polyglot-sql/sdk";

/**
 * polyglot's AST is plain JSON: every expression is an object with a single
 * key naming its kind ({"function": {...}}, {"column": {...}}). These helpers
 * walk and build such nodes without depending on polyglot's typings.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type Node = JsonObject;

export function isObject(value: Json | undefined): value is JsonObject {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The kind of an expression node, or undefined when `value` is not one. */
export function kindOf(value: Json | undefined): string | undefined {
    if (!isObject(value)) return undefined;
    const keys = Object.keys(value);
    return keys.length === 1 && isObject(value[keys[0]]) ? keys[0] : undefined;
}

export function dataOf(node: Node): JsonObject {
    return node[Object.keys(node)[0]] as JsonObject;
}

/**
 * Rewrites `value` in place: `enter` on each object before its children,
 * `exit` after them (expression nodes and the plain data objects inside
 * them alike). The tree must be owned by the caller (a fresh parse or clone).
 */
export function mapTree(value: Json, exit: (object: JsonObject) => Json, enter?: (object: JsonObject) => Json): Json {
    if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) value[index] = mapTree(value[index], exit, enter);
        return value;
    }
    if (!isObject(value)) return value;
    const entered = enter ? enter(value) : value;
    if (!isObject(entered)) return entered;
    for (const key in entered) {
        const child = entered[key];
        if (typeof child === "object" && child !== null) entered[key] = mapTree(child, exit, enter);
    }
    return exit(entered);
}

/** A rewrite of one kind of node, from its data (the object under its kind). */
export type Handler = (data: JsonObject) => Json;

/** Every object in the tree, depth first. */
export function* objects(value: Json): Generator<JsonObject> {
    if (Array.isArray(value)) {
        for (const item of value) yield* objects(item);
    } else if (isObject(value)) {
        yield value;
        for (const child of Object.values(value)) yield* objects(child);
    }
}

const templates = new Map<string, Json>();

/**
 * An expression from DuckDB SQL text where `$0`, `$1`... stand for the given
 * nodes: expr("bq_div($0, $1)", left, right). Parsed once per text.
 */
export function expr(sqlText: string, ...args: Json[]): Node {
    let parsed = templates.get(sqlText);
    if (parsed === undefined) {
        const result = parse(`select ${sqlText.replace(/\$(\d+)/g, "__arg$1")}`, Dialect.DuckDB);
        if (!result.success) throw new Error(`bad template ${sqlText}: ${result.error}`);
        parsed = ((result.ast as JsonObject[])[0].select as JsonObject).expressions as Json[];
        parsed = parsed[0];
        templates.set(sqlText, parsed);
    }
    return mapTree(structuredClone(parsed), (object) => {
        const name = columnName(object);
        const match = name === undefined ? null : /^__arg(\d+)$/.exec(name);
        return match ? args[Number(match[1])] : object;
    }) as Node;
}

/** `name` for an unqualified column node, else undefined. */
export function columnName(node: JsonObject): string | undefined {
    if (kindOf(node) !== "column") return undefined;
    const column = node.column as JsonObject;
    if (column.table) return undefined;
    return ((column.name as JsonObject).name as string) ?? undefined;
}

/** A function call node named `name`. */
export function call(name: string, args: Json[]): Node {
    const node = expr("__fn()");
    (node.function as JsonObject).name = name;
    (node.function as JsonObject).args = args;
    return node;
}

export function stringLiteral(node: Json | undefined): string | undefined {
    if (kindOf(node) !== "literal") return undefined;
    const literal = (node as JsonObject).literal as JsonObject;
    return literal.literal_type === "string" || literal.literal_type === "raw_string" ? (literal.value as string) : undefined;
}

export function sqlString(text: string): string {
    return `'${text.replaceAll("'", "''")}'`;
}
