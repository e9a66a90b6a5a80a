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
