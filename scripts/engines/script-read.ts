import { Dialect, tokenize } from "@polyglot-sql/sdk";
import { UnsupportedSqlError } from "./errors.ts";

/**
 * Reads a BigQuery script (an action's SQL: one statement, or several with
 * procedural statements between them) into steps for script.ts to run.
 * Every statement is classified here, by an allow-list: a statement an engine
 * runs (queries, DDL and DML on tables, views and datasets), a procedural step
 * (DECLARE, SET, BEGIN...END, IF, loops, EXECUTE IMMEDIATE, RAISE, ASSERT,
 * CREATE TEMP FUNCTION), a local no-op with a note (session labels, table
 * options, access control), or a refusal naming the statement. Nothing else
 * reaches an engine. Reference:
 * https://cloud.google.com/bigquery/docs/reference/standard-sql/procedural-language
 */

export interface Token {
    token_type: string;
    text: string;
    span: { start: number; end: number; line: number };
}

export interface FunctionParameter {
    name: string;
    /** The declared type; undefined for `ANY TYPE` (a templated parameter). */
    type?: string;
}

export type ScriptStep = (
    | { kind: "declare"; names: string[]; type?: string; expression?: string }
    | { kind: "set"; name: string; expression: string }
    | { kind: "statement"; sql: string }
    | { kind: "note"; note: string }
    | { kind: "block"; body: ScriptStep[] }
    | { kind: "if"; branches: { condition: string; body: ScriptStep[] }[]; otherwise: ScriptStep[] }
    | { kind: "while"; condition: string; body: ScriptStep[] }
    | { kind: "loop"; body: ScriptStep[] }
    | { kind: "repeat"; body: ScriptStep[]; until: string }
    | { kind: "break" | "continue" | "return" }
    | { kind: "execute"; expression: string; into: string[]; using: { expression: string; name?: string }[] }
    | { kind: "raise"; message?: string }
    | { kind: "assert"; expression: string; message?: string }
    | {
          kind: "function";
          name: string;
          parameters: FunctionParameter[];
          returns?: string;
          body: string;
          replace: boolean;
          ifNotExists: boolean;
      }
    | { kind: "dropFunction"; name: string; ifExists: boolean }
) & {
    /** 1-based line of the step's first token in the script. */
    line: number;
    /** Offset of the step's first character in the script. */
    start: number;
};

export function tokens(sql: string): Token[] {
    const result = tokenize(sql, Dialect.BigQuery);
    if (!result.success) throw new Error(`cannot read SQL: ${result.error}`);
    return result.tokens as unknown as Token[];
}

const upper = (token: Token | undefined) => token?.text.toUpperCase() ?? "";

/** Statement kinds an engine runs: queries, and DDL/DML on tables, views and datasets. */
function isRunnable(words: string[]): boolean {
    const [first, ...rest] = words;
    if (["SELECT", "WITH", "(", "INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE"].includes(first!)) return true;
    if (first === "CREATE") {
        const object = rest.filter((word) => !["OR", "REPLACE"].includes(word));
        return object[0] === "TABLE" || object[0] === "VIEW" || object[0] === "SCHEMA";
    }
    if (first === "DROP") return ["TABLE", "VIEW", "SCHEMA"].includes(rest[0]!);
    return false;
}

/**
 * System variables whose value changes no result: labels and job settings.
 * Others (@@time_zone, @@dataset_id...) change what queries mean, and are refused.
 */
const NO_OP_SYSTEM_VARIABLES = new Set(["query_label", "job_timeout_ms", "reservation"]);

/** Splits a script into steps; refuses statements no engine runs, naming them and their line. */
export function readScript(sql: string): ScriptStep[] {
    const reader = new ScriptReader(sql, tokens(sql));
    const steps = reader.list(() => false);
    if (!reader.done()) throw reader.refuse(`unexpected ${reader.peek()!.text}`);
    return steps;
}

class ScriptReader {
    private position = 0;

    constructor(
        private readonly sql: string,
        private readonly all: Token[],
    ) {}

    done(): boolean {
        return this.position >= this.all.length;
    }

    peek(offset = 0): Token | undefined {
        return this.all[this.position + offset];
    }

    refuse(construct: string, token = this.peek()): UnsupportedSqlError {
        return new UnsupportedSqlError(construct).atLine(token?.span.line);
    }

    /** Statements until `stop` holds at a statement's start (or the end of the script). */
    list(stop: () => boolean): ScriptStep[] {
        const steps: ScriptStep[] = [];
        for (;;) {
            while (this.peek()?.token_type === "SEMICOLON") this.position++;
            if (this.done() || stop()) return steps;
            steps.push(this.statement());
        }
    }

    private at(...words: string[]): boolean {
        return words.every((word, index) => upper(this.peek(index)) === word);
    }

    private expect(...words: string[]): void {
        if (!this.at(...words)) throw this.refuse(`expected ${words.join(" ")}, found ${this.peek()?.text ?? "the end of the script"}`);
        this.position += words.length;
    }

    private statement(): ScriptStep {
        const first = this.peek()!;
        const place = { line: first.span.line, start: first.span.start };
        const head = upper(first);
        if (this.peek(1)?.token_type === "COLON" && head !== "SET") throw this.refuse(`labelled statement ${first.text}:`);
        if (head === "BEGIN" && !["TRANSACTION", ";", ""].includes(upper(this.peek(1)))) {
            this.position++;
            const body = this.list(() => this.at("END") || this.at("EXCEPTION"));
            if (this.at("EXCEPTION")) throw this.refuse("BEGIN ... EXCEPTION WHEN ERROR (error handlers)");
            this.expect("END");
            return { kind: "block", body, ...place };
        }
        if (head === "IF") {
            this.position++;
            const branches = [{ condition: this.until("THEN"), body: this.branch() }];
            while (this.at("ELSEIF")) {
                this.position++;
                branches.push({ condition: this.until("THEN"), body: this.branch() });
            }
            let otherwise: ScriptStep[] = [];
            if (this.at("ELSE")) {
                this.position++;
                otherwise = this.list(() => this.at("END", "IF"));
            }
            this.expect("END", "IF");
            return { kind: "if", branches, otherwise, ...place };
        }
        if (head === "WHILE") {
            this.position++;
            const condition = this.until("DO");
            const body = this.list(() => this.at("END", "WHILE"));
            this.expect("END", "WHILE");
            return { kind: "while", condition, body, ...place };
        }
        if (head === "LOOP") {
            this.position++;
            const body = this.list(() => this.at("END", "LOOP"));
            this.expect("END", "LOOP");
            return { kind: "loop", body, ...place };
        }
        if (head === "REPEAT") {
            this.position++;
            const body = this.list(() => this.at("UNTIL"));
            this.expect("UNTIL");
            const until = this.until("END");
            this.expect("REPEAT");
            return { kind: "repeat", body, until, ...place };
        }
        if (head === "FOR") throw this.refuse("FOR ... IN loop");
        if (head === "CASE") throw this.refuse("CASE statement (procedural)");
        return this.simple(place);
    }

    /** The statements of an IF branch, up to ELSEIF, ELSE or END IF. */
    private branch(): ScriptStep[] {
        return this.list(() => this.at("ELSEIF") || this.at("ELSE") || this.at("END", "IF"));
    }

    /** The text up to a keyword at the top level (outside parentheses and CASE ... END), which is consumed. */
    private until(keyword: string): string {
        const from = this.position;
        let depth = 0;
        let cases = 0;
        for (; !this.done(); this.position++) {
            const token = this.peek()!;
            const word = upper(token);
            if (token.token_type === "L_PAREN" || token.token_type === "L_BRACKET") depth++;
            else if (token.token_type === "R_PAREN" || token.token_type === "R_BRACKET") depth--;
            else if (depth === 0 && word === "CASE") cases++;
            else if (depth === 0 && cases === 0 && word === keyword) {
                const text = this.text(from, this.position);
                this.position++;
                if (text.trim() === "") throw this.refuse(`empty condition before ${keyword}`, token);
                return text;
            } else if (depth === 0 && word === "END" && cases > 0) cases--;
        }
        throw this.refuse(`expected ${keyword}`, this.all[from]);
    }

    private text(from: number, to: number): string {
        if (to <= from) return "";
        return this.sql.slice(this.all[from]!.span.start, this.all[to - 1]!.span.end);
    }

    /** A statement without a body of statements: read up to its semicolon. */
    private simple(place: { line: number; start: number }): ScriptStep {
        const from = this.position;
        let depth = 0;
        while (!this.done()) {
            const type = this.peek()!.token_type;
            if (type === "L_PAREN") depth++;
            else if (type === "R_PAREN") depth--;
            else if (type === "SEMICOLON" && depth <= 0) break;
            this.position++;
        }
        const statement = this.all.slice(from, this.position);
        try {
            return { ...classify(this.sql, statement), ...place };
        } catch (error) {
            if (error instanceof UnsupportedSqlError) error.atLine(place.line);
            throw error;
        }
    }
}

type StepBody = ScriptStep extends infer S ? (S extends ScriptStep ? Omit<S, "line" | "start"> : never) : never;

function textOf(sql: string, statement: Token[], from = 0, to = statement.length): string {
    if (to <= from) return "";
    return sql.slice(statement[from]!.span.start, statement[to - 1]!.span.end);
}

/** Index of the first top-level token (outside parentheses and brackets) satisfying `test`, from `from`. */
function topLevel(statement: Token[], test: (token: Token) => boolean, from = 0): number {
    let depth = 0;
    for (let index = from; index < statement.length; index++) {
        const token = statement[index]!;
        if (token.token_type === "L_PAREN" || token.token_type === "L_BRACKET") depth++;
        else if (token.token_type === "R_PAREN" || token.token_type === "R_BRACKET") depth--;
        else if (depth === 0 && test(token)) return index;
    }
    return -1;
}

/** Comma-separated items at the top level, as token ranges; `<` `>` of types nest too. */
function items(statement: Token[], from: number, to: number): [number, number][] {
    const result: [number, number][] = [];
    let depth = 0;
    let start = from;
    for (let index = from; index < to; index++) {
        const token = statement[index]!;
        if (["L_PAREN", "L_BRACKET"].includes(token.token_type)) depth++;
        else if (["R_PAREN", "R_BRACKET"].includes(token.token_type)) depth--;
        else if (/^[<>]+$/.test(token.text)) depth += token.text[0] === "<" ? token.text.length : -token.text.length;
        else if (token.token_type === "COMMA" && depth === 0) {
            result.push([start, index]);
            start = index + 1;
        }
    }
    if (to > start) result.push([start, to]);
    return result;
}

/** The index of the parenthesis closing the one at `open`. */
function closing(statement: Token[], open: number): number {
    let depth = 0;
    for (let index = open; index < statement.length; index++) {
        const type = statement[index]!.token_type;
        if (type === "L_PAREN") depth++;
        else if (type === "R_PAREN" && --depth === 0) return index;
    }
    throw new UnsupportedSqlError("unbalanced parentheses");
}

function classify(sql: string, statement: Token[]): StepBody {
    const words = statement.slice(0, 6).map(upper);
    const head = words[0]!;
    switch (head) {
        case "DECLARE":
            return declare(sql, statement);
        case "SET":
            return set(sql, statement);
        case "EXECUTE":
            if (words[1] !== "IMMEDIATE") break;
            return executeImmediate(sql, statement);
        case "RAISE":
            return raise(sql, statement);
        case "ASSERT":
            return assertion(sql, statement);
        case "BREAK":
        case "LEAVE":
            return { kind: "break" };
        case "CONTINUE":
        case "ITERATE":
            return { kind: "continue" };
        case "RETURN":
            return { kind: "return" };
        case "BEGIN":
        case "COMMIT":
            return { kind: "note", note: `${head} TRANSACTION: statements run one by one locally, without a transaction` };
        case "GRANT":
        case "REVOKE":
            return { kind: "note", note: `${head}: access control has no local effect` };
        case "ALTER": {
            const options = topLevel(statement, (token) => upper(token) === "OPTIONS");
            if (options > 0 && upper(statement[options - 1]) === "SET" && statement.length === closing(statement, options + 1) + 1) {
                return { kind: "note", note: `${words.slice(0, 2).join(" ")} ... SET OPTIONS: table options have no local effect` };
            }
            break;
        }
    }
    if (head === "CREATE" && words.includes("FUNCTION")) return createFunction(sql, statement, words);
    if (head === "DROP" && words[1] === "FUNCTION") {
        const ifExists = words[2] === "IF" && words[3] === "EXISTS";
        const name = statement[ifExists ? 4 : 2];
        if (!name || statement.length !== (ifExists ? 5 : 3)) throw new UnsupportedSqlError("DROP FUNCTION of a persistent function");
        return { kind: "dropFunction", name: name.text.toLowerCase(), ifExists };
    }
    if (head === "CREATE" && (words.includes("TEMP") || words.includes("TEMPORARY"))) {
        throw new UnsupportedSqlError("CREATE TEMP TABLE (write the table to a dataset)");
    }
    if (isRunnable(words)) return { kind: "statement", sql: textOf(sql, statement) };
    const length = ["CREATE", "ALTER", "DROP"].includes(head) ? 3 : ["EXPORT", "LOAD"].includes(head) ? 2 : 1;
    const named = words.filter((word) => /^[A-Z_]+$/.test(word)).slice(0, length);
    throw new UnsupportedSqlError(`statement ${named.join(" ")}`);
}

function declare(sql: string, statement: Token[]): StepBody {
    const defaultAt = statement.findIndex((token) => upper(token) === "DEFAULT");
    const declared = statement.slice(1, defaultAt === -1 ? undefined : defaultAt);
    const names: string[] = [];
    let index = 0;
    while (index < declared.length) {
        names.push(declared[index]!.text.toLowerCase());
        if (declared[index + 1]?.text !== ",") break;
        index += 2;
    }
    const typeTokens = declared.slice(index + 1);
    const type = typeTokens.length ? textOf(sql, typeTokens) : undefined;
    const expression = defaultAt === -1 ? undefined : textOf(sql, statement, defaultAt + 1);
    return { kind: "declare", names, type, expression };
}

function set(sql: string, statement: Token[]): StepBody {
    if (statement[1]?.token_type === "AT_AT") {
        const name = statement[2]?.text.toLowerCase() ?? "";
        if (NO_OP_SYSTEM_VARIABLES.has(name)) return { kind: "note", note: `SET @@${name}: a job setting with no local effect` };
        throw new UnsupportedSqlError(`SET @@${name} (a system variable that changes what queries mean)`);
    }
    if (statement[1]?.token_type === "L_PAREN") throw new UnsupportedSqlError("SET (a, b, ...) = of several variables");
    if (statement[2]?.text !== "=") throw new UnsupportedSqlError(`SET ${statement[1]?.text ?? ""}`);
    return { kind: "set", name: statement[1]!.text.toLowerCase(), expression: textOf(sql, statement, 3) };
}

/** EXECUTE IMMEDIATE expr [INTO v, ...] [USING e [AS name], ...]. */
function executeImmediate(sql: string, statement: Token[]): StepBody {
    const into = topLevel(statement, (token) => upper(token) === "INTO", 2);
    const using = topLevel(statement, (token) => upper(token) === "USING", 2);
    const end = (from: number) => [into, using].filter((index) => index > from).reduce((a, b) => Math.min(a, b), statement.length);
    const expression = textOf(sql, statement, 2, end(2));
    const intoNames = into === -1 ? [] : items(statement, into + 1, end(into)).map(([from]) => statement[from]!.text.toLowerCase());
    const usingItems =
        using === -1
            ? []
            : items(statement, using + 1, end(using)).map(([from, to]) => {
                  const as = to - 2 >= from && upper(statement[to - 2]) === "AS" ? to - 2 : -1;
                  return as === -1
                      ? { expression: textOf(sql, statement, from, to) }
                      : { expression: textOf(sql, statement, from, as), name: statement[to - 1]!.text.toLowerCase() };
              });
    return { kind: "execute", expression, into: intoNames, using: usingItems };
}

/** RAISE [USING MESSAGE = expr]. */
function raise(sql: string, statement: Token[]): StepBody {
    if (statement.length === 1) return { kind: "raise" };
    if (upper(statement[1]) !== "USING" || upper(statement[2]) !== "MESSAGE" || statement[3]?.text !== "=") {
        throw new UnsupportedSqlError("RAISE other than RAISE [USING MESSAGE = ...]");
    }
    return { kind: "raise", message: textOf(sql, statement, 4) };
}

/** ASSERT expr [AS 'description']. */
function assertion(sql: string, statement: Token[]): StepBody {
    const last = statement.length - 1;
    const described = last >= 2 && upper(statement[last - 1]) === "AS" && /STRING$/.test(statement[last]!.token_type);
    if (!described) return { kind: "assert", expression: textOf(sql, statement, 1) };
    return { kind: "assert", expression: textOf(sql, statement, 1, last - 1), message: statement[last]!.text };
}

/** CREATE [OR REPLACE] TEMP FUNCTION [IF NOT EXISTS] name(params) [RETURNS type] AS (body). */
function createFunction(sql: string, statement: Token[], words: string[]): StepBody {
    const at = words.indexOf("FUNCTION");
    const temporary = words.slice(0, at).some((word) => word === "TEMP" || word === "TEMPORARY");
    const ifNotExists = words[at + 1] === "IF";
    const nameAt = at + 1 + (ifNotExists ? 3 : 0);
    const name = statement[nameAt]?.text ?? "";
    const languageAt = statement.findIndex((token) => upper(token) === "LANGUAGE");
    const language = upper(statement[languageAt + 1]);
    if (languageAt !== -1 && language !== "SQL") {
        const kind = language === "JS" ? "JavaScript" : language;
        throw new UnsupportedSqlError(
            `${kind} UDF ${name} (LANGUAGE ${statement[languageAt + 1]?.text ?? ""}): only SQL functions run locally`,
        );
    }
    if (words.includes("AGGREGATE") || words.includes("TABLE")) throw new UnsupportedSqlError(`CREATE ${words.slice(1, at + 1).join(" ")}`);
    if (!temporary || statement[nameAt + 1]?.text === ".") {
        const end = statement.findIndex((token, index) => index > nameAt && token.token_type === "L_PAREN");
        throw new UnsupportedSqlError(
            `CREATE FUNCTION ${textOf(sql, statement, nameAt, end === -1 ? nameAt + 1 : end)} (a persistent function)`,
        );
    }
    const open = nameAt + 1;
    if (statement[open]?.token_type !== "L_PAREN") throw new UnsupportedSqlError(`CREATE TEMP FUNCTION ${name} without parameters`);
    const close = closing(statement, open);
    const parameters = items(statement, open + 1, close).map(([from, to]): FunctionParameter => {
        const type = textOf(sql, statement, from + 1, to);
        return { name: statement[from]!.text.toLowerCase(), type: /^any\s+type$/i.test(type) ? undefined : type };
    });
    const asAt = topLevel(statement, (token) => upper(token) === "AS", close + 1);
    if (asAt === -1 || statement[asAt + 1]?.token_type !== "L_PAREN")
        throw new UnsupportedSqlError(`CREATE TEMP FUNCTION ${name} without a SQL body`);
    const returnsAt = statement.findIndex((token, index) => index > close && index < asAt && upper(token) === "RETURNS");
    const returns = returnsAt === -1 ? undefined : textOf(sql, statement, returnsAt + 1, languageAt > returnsAt ? languageAt : asAt);
    const bodyEnd = closing(statement, asAt + 1);
    return {
        kind: "function",
        name: name.toLowerCase(),
        parameters,
        returns: returns?.replace(/\s+OPTIONS\s*\(.*$/is, ""),
        body: textOf(sql, statement, asAt + 2, bodyEnd),
        replace: words.includes("REPLACE"),
        ifNotExists,
    };
}
