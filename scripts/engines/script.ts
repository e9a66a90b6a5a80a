import type { QueryResult, SqlValue } from "./values.ts";
import { UnsupportedSqlError } from "./errors.ts";
import { readScript, tokens, type FunctionParameter, type ScriptStep, type Token } from "./script-read.ts";

export { readScript, type ScriptStep } from "./script-read.ts";

/**
 * BigQuery scripting, shared by the engines: an action's statements run as
 * one script (script-read.ts reads it). DECLARE/SET variables are evaluated
 * once and inlined as literals wherever they are referenced (which is also
 * what lets BigQuery prune partitions with them); IF, loops, EXECUTE
 * IMMEDIATE, RAISE and ASSERT are carried out here, with their expressions
 * evaluated by the engine; temporary SQL functions are expanded where they
 * are called, as DuckDB expands a macro. Statements go to the engine one by
 * one; local no-ops leave a note.
 */

/** How an engine takes part in runScript. */
export interface ScriptHost {
    /** Runs one statement that is not procedural (the engine inlines the variables and functions). */
    statement(sql: string): Promise<void>;
    /** Evaluates `select <expression> as value` with the variables inlined. */
    value(expression: string): Promise<{ value: SqlValue; type: string }>;
    /** Runs a query (for EXECUTE IMMEDIATE ... INTO). */
    rows(sql: string): Promise<QueryResult>;
}

class Break {}
class Continue {}
class Return {}

/** Runs a BigQuery script: statements go to the engine, procedural steps update `state`. */
export async function runScript(sql: string, state: ScriptState, host: ScriptHost): Promise<void> {
    try {
        await new ScriptRun(state, host).steps(readScript(sql));
    } catch (signal) {
        if (signal instanceof Return) return;
        if (signal instanceof Break || signal instanceof Continue) throw new Error("BREAK or CONTINUE outside a loop");
        throw signal;
    }
}

class ScriptRun {
    constructor(
        private readonly state: ScriptState,
        private readonly host: ScriptHost,
    ) {}

    async steps(steps: ScriptStep[]): Promise<void> {
        for (const step of steps) {
            try {
                await this.step(step);
            } catch (error) {
                if (error instanceof UnsupportedSqlError) error.atLine(step.line);
                throw error;
            }
        }
    }

    private async step(step: ScriptStep): Promise<void> {
        if (step.kind !== "declare") this.state.begin();
        switch (step.kind) {
            case "statement":
                return this.host.statement(step.sql);
            case "note":
                this.state.note(step.note);
                return;
            case "declare": {
                // Evaluated once, then inlined as a literal of the declared type (or of the default's type).
                const { value, type } = step.expression
                    ? await this.host.value(step.type ? `cast((${step.expression}) as ${step.type})` : step.expression)
                    : { value: null, type: step.type! };
                for (const name of step.names) this.state.declare(name, step.type, value, type);
                return;
            }
            case "set": {
                const declared = this.state.typeOf(step.name);
                if (!declared) throw new Error(`SET ${step.name}: the variable is not declared`);
                this.state.set(step.name, (await this.host.value(`cast((${step.expression}) as ${declared})`)).value);
                return;
            }
            case "block":
                return this.scoped(() => this.steps(step.body));
            case "if": {
                for (const branch of step.branches) {
                    if (await this.condition(branch.condition)) return this.scoped(() => this.steps(branch.body));
                }
                return this.scoped(() => this.steps(step.otherwise));
            }
            case "while":
                while (await this.condition(step.condition)) if (await this.iteration(step.body)) return;
                return;
            case "loop":
                for (;;) if (await this.iteration(step.body)) return;
            case "repeat":
                do if (await this.iteration(step.body)) return;
                while (!(await this.condition(step.until)));
                return;
            case "break":
                throw new Break();
            case "continue":
                throw new Continue();
            case "return":
                throw new Return();
            case "execute":
                return this.executeImmediate(step);
            case "raise": {
                const message = step.message === undefined ? "RAISE" : String((await this.host.value(step.message)).value);
                throw new Error(message);
            }
            case "assert": {
                const { value } = await this.host.value(step.expression);
                if (value !== true) throw new Error(step.message ?? `Assertion failed: ${step.expression.trim()}`);
                return;
            }
            case "function":
                this.state.defineFunction(step);
                return;
            case "dropFunction":
                this.state.dropFunction(step.name, step.ifExists);
                return;
        }
    }

    /** IF and WHILE conditions: NULL is false, as in BigQuery. */
    private async condition(expression: string): Promise<boolean> {
        const { value, type } = await this.host.value(expression);
        if (type !== "BOOL") throw new Error(`a condition must be BOOL, not ${type}: ${expression.trim()}`);
        return value === true;
    }

    /** One pass of a loop body; true when the loop ends (BREAK). */
    private async iteration(body: ScriptStep[]): Promise<boolean> {
        try {
            await this.scoped(() => this.steps(body));
            return false;
        } catch (signal) {
            if (signal instanceof Break) return true;
            if (signal instanceof Continue) return false;
            throw signal;
        }
    }

    private async scoped(work: () => Promise<void>): Promise<void> {
        this.state.enter();
        try {
            await work();
        } finally {
            this.state.leave();
        }
    }

    /** EXECUTE IMMEDIATE: the string built, its ? and @name parameters bound as literals, run as one statement. */
    private async executeImmediate(step: Extract<ScriptStep, { kind: "execute" }>): Promise<void> {
        const { value, type } = await this.host.value(step.expression);
        if (type !== "STRING" || value === null) throw new Error("EXECUTE IMMEDIATE needs a non-NULL STRING");
        const bound: { literal: string; name?: string }[] = [];
        for (const item of step.using) {
            const argument = await this.host.value(item.expression);
            bound.push({ literal: bigQueryLiteral(argument.value, argument.type), name: item.name });
        }
        const sql = bindParameters(String(value), bound);
        let steps: ScriptStep[];
        try {
            steps = readScript(sql);
        } catch (error) {
            if (error instanceof UnsupportedSqlError) error.atLine(step.line);
            throw error;
        }
        if (steps.length !== 1) throw new Error(`EXECUTE IMMEDIATE runs one statement, not ${steps.length}`);
        const [dynamic] = steps as [ScriptStep];
        if (step.into.length === 0) {
            if (dynamic.kind === "declare") throw new Error("EXECUTE IMMEDIATE cannot DECLARE");
            try {
                return await this.step(dynamic);
            } catch (error) {
                if (error instanceof UnsupportedSqlError) error.atLine(step.line);
                throw error;
            }
        }
        if (dynamic.kind !== "statement" || !/^\s*(select|with|\()/i.test(dynamic.sql)) {
            throw new Error("EXECUTE IMMEDIATE ... INTO needs a query");
        }
        const result = await this.host.rows(dynamic.sql);
        if (result.rows.length > 1) throw new Error("EXECUTE IMMEDIATE ... INTO: the query returned more than one row");
        if (result.columns.length !== step.into.length) {
            throw new Error(`EXECUTE IMMEDIATE ... INTO: ${result.columns.length} columns for ${step.into.length} variables`);
        }
        for (const [index, name] of step.into.entries()) {
            const declared = this.state.typeOf(name);
            if (!declared) throw new Error(`INTO ${name}: the variable is not declared`);
            const column = result.columns[index]!;
            const cell = result.rows[0]?.[column.name] ?? null;
            // Coerced to the variable's type by the engine, as SET does.
            const coerced = await this.host.value(`cast(${bigQueryLiteral(cell, column.type)} as ${declared})`);
            this.state.set(name, coerced.value);
        }
    }
}

/** Replaces `?` (in order) and `@name` parameters by literals. */
function bindParameters(sql: string, bound: { literal: string; name?: string }[]): string {
    const positional = bound.filter((item) => item.name === undefined);
    let next = 0;
    return replaceTokens(sql, (token) => {
        if (token.token_type === "PARAMETER" && token.text === "?") {
            const item = positional[next++];
            if (!item) throw new Error("EXECUTE IMMEDIATE: more ? parameters than USING values");
            return item.literal;
        }
        if (/^@\w+$/.test(token.text)) {
            const item = bound.find((candidate) => candidate.name === token.text.slice(1).toLowerCase());
            if (!item) throw new Error(`EXECUTE IMMEDIATE: no USING value for ${token.text}`);
            return item.literal;
        }
        return undefined;
    });
}

/** The SQL with some tokens replaced: `replace` returns the new text of a token, or undefined to keep it. */
function replaceTokens(sql: string, replace: (token: Token, index: number, all: Token[]) => string | undefined): string {
    const all = tokens(sql);
    let out = "";
    let copied = 0;
    all.forEach((token, index) => {
        const replacement = replace(token, index, all);
        if (replacement === undefined) return;
        out += sql.slice(copied, token.span.start) + replacement;
        copied = token.span.end;
    });
    return out + sql.slice(copied);
}

/** Whether a token reads a variable or parameter: an unqualified name that is not called and does not name a column. */
function readsName(all: Token[], index: number): boolean {
    const token = all[index]!;
    const qualified = all[index - 1]?.token_type === "DOT" || all[index + 1]?.token_type === "DOT";
    const called = all[index + 1]?.token_type === "L_PAREN";
    // `expr AS name` names a column or table; it never reads a variable.
    const alias = all[index - 1]?.text.toUpperCase() === "AS";
    return isName(token) && !qualified && !called && !alias;
}

/**
 * Tokens that name columns, never variables: the column list of `INSERT [INTO] t (a, b)` (and MERGE's
 * `INSERT (a, b)`), and each `col =` assigned after SET in UPDATE and MERGE.
 */
function namedColumns(all: Token[]): Set<number> {
    const columns = new Set<number>();
    let assigning = false;
    let depth = 0;
    all.forEach((token, index) => {
        const word = token.text.toUpperCase();
        if (token.token_type === "L_PAREN") depth++;
        if (token.token_type === "R_PAREN") depth--;
        if (word === "INSERT") {
            let next = index + 1;
            while (
                next < all.length &&
                all[next]!.token_type !== "L_PAREN" &&
                !["VALUES", "SELECT", "WITH", "ROW"].includes(all[next]!.text.toUpperCase())
            )
                next++;
            if (all[next]?.token_type !== "L_PAREN") return;
            for (let inner = next + 1; inner < all.length && all[inner]!.token_type !== "R_PAREN"; inner++) columns.add(inner);
        }
        if (word === "SET" && all[0]?.text.toUpperCase() !== "SET") assigning = true;
        else if (["WHERE", "FROM", "WHEN", "THEN"].includes(word) && depth === 0) assigning = false;
        if (assigning && all[index + 1]?.text === "=" && (all[index - 1]?.text.toUpperCase() === "SET" || all[index - 1]?.text === ","))
            columns.add(index);
    });
    return columns;
}

/** The variables of the running script, as BigQuery literals; BEGIN blocks and loop bodies nest scopes. */
export class ScriptVariables {
    private readonly literals = new Map<string, string>();
    /** The value's text, for the variables whose literal is that text typed (numbers, BOOL, dates and times). */
    private readonly texts = new Map<string, string>();
    private readonly types = new Map<string, string>();
    private readonly scopes: string[][] = [];
    /** Per open scope (the script, then each block): whether a statement other than DECLARE has run in it. */
    private readonly begun: boolean[] = [false];

    declare(name: string, type: string | undefined, value: SqlValue, valueType: string): void {
        if (this.literals.has(name)) throw new Error(`variable ${name} is declared twice in one script`);
        // BigQuery refuses the script otherwise; an action's pre-operations, write and post-operations are one script.
        if (this.begun.at(-1))
            throw new Error(`DECLARE ${name} after other statements: BigQuery takes DECLARE only at the start of a script or block`);
        this.scopes.at(-1)?.push(name);
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

    /** A statement other than DECLARE runs in the current scope. */
    begin(): void {
        this.begun[this.begun.length - 1] = true;
    }

    /** A nested block starts: what it declares ends with it. */
    enter(): void {
        this.scopes.push([]);
        this.begun.push(false);
    }

    leave(): void {
        this.begun.pop();
        for (const name of this.scopes.pop() ?? []) {
            this.literals.delete(name);
            this.texts.delete(name);
            this.types.delete(name);
        }
    }

    clear(): void {
        this.literals.clear();
        this.texts.clear();
        this.types.clear();
        this.scopes.length = 0;
        this.begun.splice(0, this.begun.length, false);
    }

    /**
     * Replaces every unqualified reference to a variable with its literal (not the columns an INSERT or UPDATE names).
     * With `standIns`, a variable whose literal is typed text gets the same literal around a stand-in text
     * that names it (`cast('__script_value_seq__' as INT64)`), and `standIns` maps that text to the value's:
     * the SQL then reads the same whatever the values, so an engine can translate it once and put the values
     * back in its own SQL. A variable whose stand-in the SQL already holds gets its literal.
     */
    inline(sql: string, standIns?: Map<string, string>): string {
        if (this.literals.size === 0) return sql;
        let columns = new Set<number>();
        const lowerSql = standIns ? sql.toLowerCase() : "";
        return replaceTokens(sql, (token, index, all) => {
            if (index === 0) columns = namedColumns(all);
            if (!readsName(all, index) || columns.has(index)) return undefined;
            const name = token.text.toLowerCase();
            const text = standIns && this.texts.get(name);
            const standIn = `__script_value_${name}__`;
            if (text === undefined || text === "" || lowerSql.includes(standIn)) return this.literals.get(name);
            standIns!.set(standIn, text);
            return typedText(standIn, this.types.get(name)!);
        });
    }

    private assign(name: string, value: SqlValue, type: string): void {
        this.types.set(name, type);
        this.literals.set(name, bigQueryLiteral(value, type));
        const text = value === null || typeof value === "object" ? undefined : String(value);
        if (text !== undefined && typedText(text, type) !== undefined) this.texts.set(name, text);
        else this.texts.delete(name);
    }
}

interface TempFunction {
    parameters: FunctionParameter[];
    returns?: string;
    body: string;
}

/** How deep temporary functions may call each other (BigQuery refuses recursion). */
const MAX_EXPANSION_DEPTH = 16;

/** A script's variables, temporary functions and notes; the engines keep one for the running action. */
export class ScriptState extends ScriptVariables {
    private readonly functions = new Map<string, TempFunction>();
    private notes: string[] = [];

    note(text: string): void {
        if (!this.notes.includes(text)) this.notes.push(text);
    }

    /** The notes gathered since the last call. */
    takeNotes(): string[] {
        const notes = this.notes;
        this.notes = [];
        return notes;
    }

    defineFunction(step: Extract<ScriptStep, { kind: "function" }>): void {
        if (this.functions.has(step.name)) {
            if (step.ifNotExists) return;
            if (!step.replace) throw new Error(`function ${step.name} already exists`);
        }
        this.functions.set(step.name, { parameters: step.parameters, returns: step.returns, body: step.body });
    }

    dropFunction(name: string, ifExists: boolean): void {
        if (!this.functions.delete(name) && !ifExists) throw new Error(`function ${name} not found`);
    }

    override clear(): void {
        super.clear();
        this.functions.clear();
    }

    /** Variables replaced by literals (or stand-ins, see ScriptVariables.inline), and calls of temporary functions by their bodies. */
    override inline(sql: string, standIns?: Map<string, string>): string {
        return super.inline(this.expand(sql, 0), standIns);
    }

    /** Each call `f(a, b)` of a temporary function becomes `cast((body with p -> cast((a) as T)) as R)`. */
    private expand(sql: string, depth: number): string {
        if (this.functions.size === 0) return sql;
        const all = tokens(sql);
        let out = "";
        let copied = 0;
        for (let index = 0; index < all.length; index++) {
            const token = all[index]!;
            const definition = this.functions.get(token.text.toLowerCase());
            if (!definition || all[index + 1]?.token_type !== "L_PAREN" || all[index - 1]?.token_type === "DOT") continue;
            if (depth >= MAX_EXPANSION_DEPTH) throw new UnsupportedSqlError(`recursive temporary function ${token.text}`);
            const { args, end } = callArguments(sql, all, index + 1);
            if (args.length !== definition.parameters.length) {
                throw new Error(`function ${token.text} takes ${definition.parameters.length} arguments, not ${args.length}`);
            }
            const values = new Map(
                definition.parameters.map((parameter, position) => {
                    const argument = `(${this.expand(args[position]!, depth + 1)})`;
                    return [parameter.name, parameter.type ? `cast(${argument} as ${parameter.type})` : argument];
                }),
            );
            const body = replaceTokens(this.expand(definition.body, depth + 1), (bodyToken, bodyIndex, bodyTokens) =>
                readsName(bodyTokens, bodyIndex) ? values.get(bodyToken.text.toLowerCase()) : undefined,
            );
            out += sql.slice(copied, token.span.start) + (definition.returns ? `cast((${body}) as ${definition.returns})` : `(${body})`);
            copied = all[end]!.span.end;
            index = end;
        }
        return out + sql.slice(copied);
    }
}

/** The argument texts of a call whose `(` is at `open`, and the index of its `)`. */
function callArguments(sql: string, all: Token[], open: number): { args: string[]; end: number } {
    const args: string[] = [];
    let depth = 0;
    let start = all[open]!.span.end;
    for (let index = open; index < all.length; index++) {
        const token = all[index]!;
        if (token.token_type === "L_PAREN" || token.token_type === "L_BRACKET") depth++;
        else if (token.token_type === "R_PAREN" || token.token_type === "R_BRACKET") {
            if (--depth === 0) {
                const last = sql.slice(start, token.span.start);
                if (last.trim() !== "" || args.length > 0) args.push(last.trim());
                return { args, end: index };
            }
        } else if (token.token_type === "COMMA" && depth === 1) {
            args.push(sql.slice(start, token.span.start).trim());
            start = token.span.end;
        }
    }
    throw new Error("unbalanced parentheses in a function call");
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
        case "STRING":
            return `'${String(value).replaceAll("\\", "\\\\").replaceAll("'", "\\'").replaceAll("\n", "\\n")}'`;
        case "JSON":
            return `${upper} '${String(value).replaceAll("'", "\\'")}'`;
        default: {
            const literal = typedText(String(value), upper);
            if (literal === undefined) throw new UnsupportedSqlError(`script variable of type ${type}`);
            return literal;
        }
    }
}

/** The literal of a type whose values are written as text without quotes in it, typed (BOOL as a cast); else undefined. */
function typedText(text: string, type: string): string | undefined {
    if (text.includes("'") || text.includes("\\")) return undefined;
    const upper = type.toUpperCase().replace(/\s+/g, "");
    switch (upper) {
        case "BOOL":
        case "INT64":
        case "FLOAT64":
        case "NUMERIC":
        case "BIGNUMERIC":
            return `cast('${text}' as ${upper})`;
        case "DATE":
        case "DATETIME":
        case "TIME":
        case "TIMESTAMP":
            return `${upper} '${text}'`;
        default:
            return undefined;
    }
}
