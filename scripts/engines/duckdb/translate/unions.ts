import { Dialect, tokenize } from "@polyglot-sql/sdk";

/**
 * polyglot's parser nests each UNION ALL branch one level deeper and stops at
 * 512 levels, so an 860-way UNION ALL of literal rows (a common way to ship
 * a small lookup table) does not parse. UNION ALL is associative, so such a
 * chain is regrouped into parenthesized chunks: `(b1 UNION ALL ... b50)
 * UNION ALL (b51 ...)`, which keeps the rows and the first branch's column
 * names; the groups nest as a balanced tree. Only plain chains are regrouped: no ORDER BY, LIMIT, WITH or other
 * set operation at the chain's level.
 */
interface Token {
    token_type: string;
    text: string;
    span: { start: number; end: number };
}

const FAN_OUT = 8;
const LONG_CHAIN = 100;

export function regroupLongUnions(sql: string): string {
    const result = tokenize(sql, Dialect.BigQuery);
    if (!result.success) return sql;
    const all = result.tokens as unknown as Token[];
    // Per parenthesis level (keyed by the index of its opening token, -1 for the statement): its tokens.
    const levels = new Map<number, { open: number; close: number; unions: number[]; plain: boolean }>();
    const stack: number[] = [-1];
    levels.set(-1, { open: -1, close: all.length, unions: [], plain: true });
    all.forEach((token, index) => {
        const level = levels.get(stack.at(-1)!)!;
        if (token.token_type === "L_PAREN") {
            stack.push(index);
            levels.set(index, { open: index, close: -1, unions: [], plain: true });
            return;
        }
        if (token.token_type === "R_PAREN") {
            level.close = index;
            stack.pop();
            return;
        }
        const word = token.text.toUpperCase();
        if (word === "UNION" && all[index + 1]?.text.toUpperCase() === "ALL") level.unions.push(index);
        else if (
            ["ORDER", "LIMIT", "WITH", "EXCEPT", "INTERSECT", "UNION", "SEMICOLON"].includes(word) ||
            token.token_type === "SEMICOLON"
        ) {
            if (!(word === "UNION" && all[index + 1]?.text.toUpperCase() === "ALL")) level.plain = false;
        }
    });
    const edits: { start: number; end: number; text: string }[] = [];
    for (const level of levels.values()) {
        if (level.unions.length < LONG_CHAIN || !level.plain || level.close === -1) continue;
        const first = level.open + 1;
        const last = level.close - 1;
        if (first > last) continue;
        // Branch b starts after the previous UNION ALL (two tokens) and ends before the next.
        const starts = [first, ...level.unions.map((union) => union + 2)];
        const ends = [...level.unions.map((union) => union - 1), last];
        const branches = starts.map((from, index) => sql.slice(all[from]!.span.start, all[ends[index]!]!.span.end));
        edits.push({ start: all[first]!.span.start, end: all[last]!.span.end, text: balanced(branches) });
    }
    edits.sort((a, b) => b.start - a.start);
    let out = sql;
    let limit = Infinity;
    for (const edit of edits) {
        if (edit.end > limit) continue;
        out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
        limit = edit.start;
    }
    return out;
}

/** Branches as a tree of UNION ALL groups of at most FAN_OUT, so that no part of it nests deeply. */
function balanced(branches: string[]): string {
    if (branches.length <= FAN_OUT) return branches.join(" UNION ALL ");
    const size = Math.ceil(branches.length / FAN_OUT);
    const groups: string[] = [];
    for (let index = 0; index < branches.length; index += size) groups.push(`(${balanced(branches.slice(index, index + size))})`);
    return groups.join(" UNION ALL ");
}
