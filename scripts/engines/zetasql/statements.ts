/**
 * What one BigQuery statement asks for, read from ZetaSQL's parse tree
 * (parse_tree.proto as JSON): the statement kind, its target and the text of
 * its query, so the engine can carry it out on in-memory tables.
 */
import { location, type AstNode } from "./sql-names.ts";

export type Statement =
    | { kind: "query" }
    | { kind: "create-table"; path: string[]; query?: string; orReplace: boolean; ifNotExists: boolean }
    | { kind: "create-view"; path: string[]; query: string; orReplace: boolean; ifNotExists: boolean }
    | { kind: "create-schema"; path: string[]; ifNotExists: boolean }
    | { kind: "drop"; objectKind: "table" | "view" | "schema"; path: string[]; ifExists: boolean }
    | { kind: "insert" | "update" | "delete"; path: string[] };

const DROPPABLE: Record<string, "table" | "view" | "schema"> = { kTable: "table", kView: "view", kSchema: "schema" };

/** Reads the statement `parsed` (ZetaSql.parse of `sql`); refuses kinds the engine cannot carry out, naming them. */
export function readStatement(sql: string, parsed: AstNode): Statement {
    const { kind, node } = leaf(parsed);
    switch (kind) {
        case "astQueryStatementNode":
            return { kind: "query" };
        case "astCreateTableStatementNode": {
            const query = child(node, "query");
            return {
                kind: "create-table",
                path: pathOf(child(node, "name")),
                query: query ? textOf(sql, query) : undefined,
                ...createFlags(node),
            };
        }
        case "astCreateViewStatementNode":
            return {
                kind: "create-view",
                path: pathOf(child(node, "name")),
                query: textOf(sql, child(node, "query")!),
                ...createFlags(node),
            };
        case "astCreateSchemaStatementNode":
            return { kind: "create-schema", path: pathOf(child(node, "name")), ifNotExists: field(node, "isIfNotExists") === true };
        case "astDropStatementNode": {
            const objectKind = DROPPABLE[String(field(node, "schemaObjectKind"))];
            if (!objectKind) throw unsupported(`DROP ${String(field(node, "schemaObjectKind")).replace(/^k/, "").toUpperCase()}`);
            return { kind: "drop", objectKind, path: pathOf(child(node, "name")), ifExists: field(node, "isIfExists") === true };
        }
        case "astInsertStatementNode":
        case "astUpdateStatementNode":
        case "astDeleteStatementNode":
            return {
                kind: kind === "astInsertStatementNode" ? "insert" : kind === "astUpdateStatementNode" ? "update" : "delete",
                path: dmlTarget(node),
            };
        default:
            throw unsupported(statementName(kind));
    }
}

function unsupported(what: string): Error {
    return new Error(`${what} statements are not supported by the ZetaSQL engine`);
}

/** "astCreateFunctionStatementNode" -> "CREATE FUNCTION". */
function statementName(kind: string): string {
    return kind
        .replace(/^ast/, "")
        .replace(/(Statement|Stmt)?Node$/, "")
        .replace(/([a-z])([A-Z])/g, "$1 $2")
        .toUpperCase();
}

/** The most derived node: each level names its child in `node` ("node": "astDdlStatementNode", ...). */
function leaf(parsed: AstNode): { kind: string; node: AstNode } {
    let kind = "";
    let node = parsed;
    while (typeof node.node === "string" && node[node.node]) {
        kind = node.node;
        node = node[kind] as AstNode;
    }
    return { kind, node };
}

/** A field of the node or of one of its base classes (each base sits in `parent`). */
function field(node: AstNode, name: string): unknown {
    for (let current: AstNode | undefined = node; current; current = current.parent as AstNode | undefined) {
        if (current[name] !== undefined && current[name] !== null) return current[name];
    }
    return undefined;
}

function child(node: AstNode, name: string): AstNode | undefined {
    return field(node, name) as AstNode | undefined;
}

function createFlags(node: AstNode): { orReplace: boolean; ifNotExists: boolean } {
    return { orReplace: field(node, "isOrReplace") === true, ifNotExists: field(node, "isIfNotExists") === true };
}

/** Name parts of a path expression; a backticked `p.d.t` is split as BigQuery does. */
function pathOf(path: AstNode | undefined): string[] {
    const names = (path?.names as AstNode[] | undefined) ?? [];
    return names.flatMap((name) => String(name.idString ?? "").split("."));
}

function dmlTarget(node: AstNode): string[] {
    const target = child(node, "targetPath");
    return pathOf(target?.astPathExpressionNode as AstNode | undefined);
}

/** The SQL text a node covers; parse locations are UTF-8 byte offsets. */
function textOf(sql: string, node: AstNode): string {
    const range = location(node);
    if (!range) throw new Error("ZetaSQL parse tree without locations");
    return Buffer.from(sql, "utf8").subarray(range.start, range.end).toString("utf8");
}
