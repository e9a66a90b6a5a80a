import { Dialect, tokenize } from "@polyglot-sql/sdk";
import type { SqlValue } from "./values.ts";
import { UnsupportedSqlError } from "./errors.ts";

/**
 * BigQuery scripting, as far as Dataform actions use it: an action's
 * statements run as one script, and `DECLARE x [type] DEFAULT expr` /
 * `SET x = expr` in a pre-operation feed later statements. A variable is
 * evaluated once, so it is inlined as a literal wherever it is referenced
 * (which is also what lets BigQuery prune partitions with it).
 */

interface Token {
    token_type: string;
    text: string;
    span: { start: number; end: number };
}

export type ScriptStep =
    | { kind: "declare"; names: string[]; type?: string; expression?: string }
    | { kind: "set"; name: string; expression: string }
    | { kind: "statement"; sql: string };

const CONTROL_FLOW = new Set(["BEGIN", "IF", "LOOP", "WHILE", "REPEAT", "FOR", "CALL", "EXECUTE", "RETURN", "RAISE"]);

function tokens(sql: string): Token[] {
    const result = tokenize(sql, Dialect.BigQuery);
    if (!result.success) throw new Error(`cannot read SQL: ${result.error}`);
    return result.tokens as unknown as Token[];
}

/** Splits BigQuery SQL into statements at top-level semicolons, reading DECLARE and SET. */
export function readScript(sql: string): ScriptStep[] {
    const all = tokens(sql);
    const steps: ScriptStep[] = [];
    let first = 0;
    const flush = (end: number) => {
        const statement = all.slice(first, end);
        if (statement.length > 0) steps.push(toStep(sql, statement));
    };
    all.forEach((token, index) => {
        if (token.token_type === "SEMICOLON") {
            flush(index);
            first = index + 1;
        }
    });
    flush(all.length);
    return steps;
}

function toStep(sql: string, statement: Token[]): ScriptStep {
    const text = sql.slice(statement[0].span.start, statement.at(-1)!.span.end);
    const head = statement[0].text.toUpperCase();
    if (CONTROL_FLOW.has(head)) throw new UnsupportedSqlError(`scripting statement ${head}`);
    if (head === "DECLARE") {
        const defaultAt = statement.findIndex((token) => token.text.toUpperCase() === "DEFAULT");
        const declared = statement.slice(1, defaultAt === -1 ? undefined : defaultAt);
        const names: string[] = [];
        let index = 0;
        while (index < declared.length) {
            names.push(declared[index].text.toLowerCase());
            if (declared[index + 1]?.text !== ",") break;
            index += 2;
        }
        const typeTokens = declared.slice(index + 1);
        const type = typeTokens.length ? sql.slice(typeTokens[0].span.start, typeTokens.at(-1)!.span.end) : undefined;
        const expression = defaultAt === -1 ? undefined : sql.slice(statement[defaultAt + 1].span.start, statement.at(-1)!.span.end);
        return { kind: "declare", names, type, expression };
    }
    if (head === "SET" && statement[2]?.text === "=" && statement[1].token_type !== "L_PAREN") {
        return {
            kind: "set",
            name: statement[1].text.toLowerCase(),
            expression: sql.slice(statement[3].span.start, statement.at(-1)!.span.end),
        };
    }
    return { kind: "statement", sql: text };
}

/** How an engine takes part in runScript. */
export interface ScriptHost {
    /** Runs one statement that is not DECLARE or SET (the engine inlines the variables). */
    statement(sql: string): Promise<void>;
    /** Evaluates `select <expression> as value` with the variables inlined. */
    value(expression: string): Promise<{ value: SqlValue; type: string }>;
}

/** Runs a BigQuery script: statements go to the engine, DECLARE and SET update `variables`. */
export async function runScript(sql: string, variables: ScriptVariables, host: ScriptHost): Promise<void> {
    for (const step of readScript(sql)) {
        if (step.kind === "statement") {
            await host.statement(step.sql);
        } else if (step.kind === "declare") {
            // Evaluated once, then inlined as a literal of the declared type (or of the default's type).
            const { value, type } = step.expression
                ? await host.value(step.type ? `cast((${step.expression}) as ${step.type})` : step.expression)
                : { value: null, type: step.type! };
            for (const name of step.names) variables.declare(name, step.type, value, type);
        } else {
            const declared = variables.typeOf(step.name);
            if (!declared) throw new Error(`SET ${step.name}: the variable is not declared`);
            variables.set(step.name, (await host.value(`cast((${step.expression}) as ${declared})`)).value);
        }
    }
}

/** The variables of the running script, as BigQuery literals. */
export class ScriptVariables {
    private readonly literals = new Map<string, string>();
    private readonly types = new Map<string, string>();

    declare(name: string, type: string | undefined, value: SqlValue, valueType: string): void {
        if (this.literals.has(name)) throw new Error(`variable ${name} is declared twice in one script`);
        this.assign(name, value, type ?? valueType);
    }

    set(name: string, value: SqlValue): void {
        const type = this.types.get(name);
        if (!type) throw new Error(`SET ${name}: the variable is not declared`);
        this.assign(name, value, type);
    }

    typeOf(name: string): string | undefined {
        return this.types.get(name);
    }

    clear(): void {
        this.literals.clear();
        this.types.clear();
    }

    /** Replaces every unqualified reference to a variable with its literal. */
    inline(sql: string): string {
        if (this.literals.size === 0) return sql;
        const all = tokens(sql);
        let out = "";
        let copied = 0;
        all.forEach((token, index) => {
            const literal = isName(token) ? this.literals.get(token.text.toLowerCase()) : undefined;
            const qualified = all[index - 1]?.token_type === "DOT" || all[index + 1]?.token_type === "DOT";
            const called = all[index + 1]?.token_type === "L_PAREN";
            // `expr AS name` names a column or table; it never reads a variable.
            const alias = all[index - 1]?.text.toUpperCase() === "AS";
            if (literal === undefined || qualified || called || alias) return;
            out += sql.slice(copied, token.span.start) + literal;
            copied = token.span.end;
        });
        return out + sql.slice(copied);
    }

    private assign(name: string, value: SqlValue, type: string): void {
        this.types.set(name, type);
        this.literals.set(name, bigQueryLiteral(value, type));
    }
}

/**
 * An identifier, or a word the tokenizer reads as a keyword of some dialect
 * (`start`, `top`, `first`, `key`) that BigQuery allows as a variable name.
 */
function isName(token: Token): boolean {
    return token.token_type === "VAR" || (/^[A-Za-z_]\w*$/.test(token.text) && token.token_type === token.text.toUpperCase());
}

/** A canonical value as a BigQuery literal of the given type. */
export function bigQueryLiteral(value: SqlValue, type: string): string {
    const upper = type.toUpperCase().replace(/\s+/g, "");
    if (value === null) return `cast(null as ${type})`;
    if (upper.startsWith("ARRAY<")) {
        if (!Array.isArray(value)) throw new Error(`expected an array for ${type}`);
        const element = type.slice(type.indexOf("<") + 1, type.lastIndexOf(">"));
        return `${type}[${value.map((item) => bigQueryLiteral(item, element)).join(", ")}]`;
    }
    if (typeof value === "object") throw new UnsupportedSqlError(`script variable of type ${type}`);
    switch (upper) {
        case "BOOL":
            return String(value);
        case "INT64":
        case "FLOAT64":
        case "NUMERIC":
        case "BIGNUMERIC":
            return `cast('${String(value)}' as ${upper})`;
        case "STRING":
            return `'${String(value).replaceAll("\\", "\\\\").replaceAll("'", "\\'").replaceAll("\n", "\\n")}'`;
        case "DATE":
        case "DATETIME":
        case "TIME":
        case "TIMESTAMP":
        case "JSON":
            return `${upper} '${String(value).replaceAll("'", "\\'")}'`;
        default:
            throw new UnsupportedSqlError(`script variable of type ${type}`);
    }
}
