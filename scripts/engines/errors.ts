/**
 * Thrown for BigQuery SQL that the DuckDB translation is known to get wrong.
 * A refusal is always better than a silently different answer.
 */
export class UnsupportedSqlError extends Error {
    /** The construct refused, e.g. "JSON field access payload.a.b". */
    readonly construct: string;

    constructor(construct: string) {
        super(`BigQuery construct not supported locally: ${construct}`);
        this.name = "UnsupportedSqlError";
        this.construct = construct;
    }
}
