/**
 * Thrown for BigQuery SQL that the DuckDB translation is known to get wrong.
 * A refusal is always better than a silently different answer.
 */
export class UnsupportedSqlError extends Error {
    /** The construct refused, e.g. "JSON field access payload.a.b". */
    readonly construct: string;
    /** The 1-based line, within the SQL text an action sent, of the statement refused. */
    line?: number;

    constructor(construct: string) {
        super(`BigQuery construct not supported locally: ${construct}`);
        this.name = "UnsupportedSqlError";
        this.construct = construct;
    }

    /** Names the line of the statement refused, unless a line is named already. */
    atLine(line: number | undefined): this {
        if (line !== undefined && this.line === undefined) {
            this.line = line;
            this.message = `${this.message} (line ${line})`;
        }
        return this;
    }
}

/** SQL the engine rejected, told in BigQuery's terms: the user's names, where in their SQL (1-based line and column), then any detail. */
export class SqlError extends Error {
    constructor(
        summary: string,
        readonly line?: number,
        readonly column?: number,
        detail?: string,
        /** The engine's own error, for whoever needs its class (a run-time error rather than a binding one). */
        options?: { cause?: unknown },
    ) {
        super(`${summary}${line === undefined ? "" : ` at ${line}:${column}`}${detail ? `: ${detail}` : ""}`, options);
        this.name = "SqlError";
    }
}

/** SQL the parser could not read. The local parser reads BigQuery SQL, so it may also be BigQuery SQL that it does not know yet. */
export class SqlSyntaxError extends SqlError {
    constructor(detail: string, line?: number, column?: number) {
        super("syntax error", line, column, detail);
        this.name = "SqlSyntaxError";
    }
}
