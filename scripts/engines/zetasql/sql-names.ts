/**
 * Rewrites table references to the one spelling the server can evaluate.
 *
 * Tables with contents live at the top of the catalog under their full dotted
 * name (see catalog.ts), so `proj`.raw.events and raw.events must become
 * `proj.raw.events`. The server's own parser finds the table references (FROM
 * items and DML targets); identifiers elsewhere are left alone.
 */
import type { LanguageOptions, TableSchema } from "./catalog.ts";
import { fullName, nameParts } from "./catalog.ts";
import type { ZetaSqlServer } from "./server.ts";

export interface Rewrite {
    sql: string;
    /** Byte ranges of the original SQL that were replaced, in order. */
    edits: { start: number; end: number; text: string }[];
    /** Moves "[at line:column]" in a message about the rewritten SQL back onto the original. */
    mapMessage(message: string): string;
}

export interface AstNode {
    [key: string]: unknown;
}

export async function rewriteTableNames(
    server: ZetaSqlServer,
    sql: string,
    tables: TableSchema[],
    languageOptions: LanguageOptions,
): Promise<Rewrite> {
    const unchanged: Rewrite = { sql, edits: [], mapMessage: (message) => message };
    // Names without dots are found as they are written.
    if (!tables.some((table) => nameParts(table.name).length > 1)) return unchanged;
    let parsed: AstNode;
    try {
        parsed = await server.call<AstNode>("Parse", { sqlStatement: sql, options: languageOptions }, sql);
    } catch {
        // Let the evaluation report the syntax error against the original SQL.
        return unchanged;
    }
    const resolve = tableResolver(tables);
    const bytes = Buffer.from(sql, "utf8");
    const edits: Rewrite["edits"] = [];
    for (const path of tablePaths(parsed)) {
        const target = resolve(path.segments);
        // A one-identifier name would change the implicit alias (BigQuery's is the last part): keep it explicit.
        const alias = path.implicitAlias ? ` AS \`${path.implicitAlias}\`` : "";
        if (target) edits.push({ start: path.start, end: path.end, text: `\`${target}\`${alias}` });
    }
    if (edits.length === 0) return unchanged;
    edits.sort((a, b) => a.start - b.start);
    const pieces: Buffer[] = [];
    let cursor = 0;
    for (const edit of edits) {
        pieces.push(bytes.subarray(cursor, edit.start), Buffer.from(edit.text, "utf8"));
        cursor = edit.end;
    }
    pieces.push(bytes.subarray(cursor));
    const rewritten = Buffer.concat(pieces);
    return {
        sql: rewritten.toString("utf8"),
        edits,
        mapMessage: (message) =>
            message.replace(/\[at (\d+):(\d+)\]/g, (whole, line: string, column: string) => {
                const offset = offsetOf(rewritten, Number(line), Number(column));
                if (offset === undefined) return whole;
                const [originalLine, originalColumn] = lineColumnOf(bytes, originalOffset(edits, offset));
                return `[at ${originalLine}:${originalColumn}]`;
            }),
    };
}

/** Matches a reference to a table: its full name, or dataset.table when only one table has that. */
function tableResolver(tables: TableSchema[]): (segments: string[]) => string | undefined {
    const full = new Map<string, string>();
    const short = new Map<string, string[]>();
    for (const table of tables) {
        const parts = nameParts(table.name);
        full.set(parts.join(".").toLowerCase(), fullName(table.name));
        if (parts.length > 2) {
            const key = parts.slice(-2).join(".").toLowerCase();
            short.set(key, [...(short.get(key) ?? []), fullName(table.name)]);
        }
    }
    return (segments) => {
        const key = segments.join(".").toLowerCase();
        const candidates = short.get(key);
        return full.get(key) ?? (candidates?.length === 1 ? candidates[0] : undefined);
    };
}

export interface TablePath {
    segments: string[];
    start: number;
    end: number;
    /** The alias BigQuery gives the table when none is written (its last name part); unset when one is written or none is allowed. */
    implicitAlias?: string;
}

/** DML statements whose target may carry an alias. */
const ALIASED_TARGETS = new Set(["astUpdateStatementNode", "astDeleteStatementNode"]);

/** Path expressions in table position: FROM items (`pathExpr`) and DML targets (`targetPath`). */
export function tablePaths(root: AstNode): TablePath[] {
    const found: TablePath[] = [];
    const visit = (node: unknown, key: string) => {
        if (!node || typeof node !== "object") return;
        if (Array.isArray(node)) {
            for (const item of node) visit(item, key);
            return;
        }
        const record = node as AstNode;
        const path = tablePathOf(record, key);
        if (path) found.push(path);
        for (const [childKey, child] of Object.entries(record)) visit(child, childKey);
    };
    visit(root, "");
    return found;
}

function tablePathOf(record: AstNode, key: string): TablePath | undefined {
    if (key === "astTablePathExpressionNode") return readPath(record.pathExpr as AstNode | undefined, !record.alias);
    const target = (record.targetPath as AstNode | undefined)?.astPathExpressionNode as AstNode | undefined;
    return target ? readPath(target, ALIASED_TARGETS.has(key) && !record.alias) : undefined;
}

function readPath(node: AstNode | undefined, aliasable: boolean): TablePath | undefined {
    const names = (node?.names as AstNode[] | undefined) ?? [];
    if (names.length === 0) return undefined;
    const first = location(names[0]!);
    const last = location(names[names.length - 1]!);
    if (!first || !last) return undefined;
    const segments = names.flatMap((name) => String(name.idString ?? "").split("."));
    return { segments, start: first.start, end: last.end, implicitAlias: aliasable ? segments.at(-1) : undefined };
}

/** AST nodes keep their location on the innermost `parent` (the ASTNodeProto). */
export function location(node: AstNode): { start: number; end: number } | undefined {
    let current: AstNode | undefined = node;
    while (current) {
        const range = current.parseLocationRange as { start?: number; end?: number } | null | undefined;
        if (range && typeof range.start === "number" && typeof range.end === "number") return { start: range.start, end: range.end };
        current = current.parent as AstNode | undefined;
    }
    return undefined;
}

function originalOffset(edits: Rewrite["edits"], rewrittenOffset: number): number {
    let shift = 0;
    for (const edit of edits) {
        const rewrittenStart = edit.start + shift;
        const replacementLength = Buffer.byteLength(edit.text, "utf8");
        if (rewrittenOffset < rewrittenStart) break;
        if (rewrittenOffset < rewrittenStart + replacementLength) return edit.start;
        shift += replacementLength - (edit.end - edit.start);
    }
    return rewrittenOffset - shift;
}

function offsetOf(bytes: Buffer, line: number, column: number): number | undefined {
    let offset = 0;
    for (let current = 1; current < line; current++) {
        const newline = bytes.indexOf(0x0a, offset);
        if (newline < 0) return undefined;
        offset = newline + 1;
    }
    return offset + column - 1;
}

function lineColumnOf(bytes: Buffer, offset: number): [number, number] {
    let line = 1;
    let lineStart = 0;
    for (let index = 0; index < offset && index < bytes.length; index++) {
        if (bytes[index] === 0x0a) {
            line++;
            lineStart = index + 1;
        }
    }
    return [line, offset - lineStart + 1];
}
