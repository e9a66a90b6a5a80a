// @ts-check
/**
 * The change logs (docs/incremental.md, Change logs). A producer writes down
 * what it rewrites, before rewriting it, as entries numbered `change_seq`:
 * int_events_sessionized the people whose events it recomputes
 * (int_person_changes), int_order_touchpoints the orders whose revenue changed
 * (int_order_revenue_changes). Every table that reads a log, producers
 * included, keeps in int_changes_applied the last number it has applied; its
 * job applies every entry above that mark and records the new mark in its
 * last statement (a post-operation). A job that stops anywhere before leaves
 * the mark, so the next run applies the same entries again: recomputing is
 * idempotent. A producer rebuilt from scratch cannot tell what changed; it
 * writes a reset (an entry whose key is NULL), and its readers recompute
 * everything. Entries every reader has applied are deleted.
 * Pure functions: table names in, SQL text out.
 */
const sql = require("./sql");

/** Script variables of a reader: its mark before this job, the last entry this job applies, and whether a reset is among them. */
const APPLIED = "changes_applied";
const TO = "changes_to";
const RESET = "changes_reset";

/** The logs: their model names, key (NULL in a reset) and columns after change_seq. */
const LOGS = Object.freeze({
    people: {
        name: "int_person_changes",
        key: "user_key",
        columns: { user_key: "string", changed_from: "timestamp", changed_date: "date" },
    },
    orders: {
        name: "int_order_revenue_changes",
        key: "order_id",
        columns: { order_id: "string", order_date: "date", session_id: "string" },
    },
});
const APPLIED_TABLE = "int_changes_applied";

/** @typedef {keyof typeof LOGS} LogName */
/** @typedef {{ people: string, orders: string, applied: string }} LogTables  the tables, as ref() names them */

/**
 * The log tables, named by the model's `ref` (so the model depends on them).
 * @param {(name: string) => string} ref
 * @returns {LogTables}
 */
function tables(ref) {
    return { people: ref(LOGS.people.name), orders: ref(LOGS.orders.name), applied: ref(APPLIED_TABLE) };
}

/**
 * SQL: the statement of a log's operation: creates the table when it is missing (a log outlives full refreshes).
 * @param {string} self
 * @param {LogName | "applied"} log
 * @returns {string}
 */
function createSql(self, log) {
    const columns = log === "applied" ? { reader: "string", applied_seq: "int64" } : { change_seq: "int64", ...LOGS[log].columns };
    const casts = Object.entries(columns).map(([name, type]) => `cast(null as ${type}) as ${name}`);
    return `create table if not exists ${self} as\nselect ${casts.join(", ")}\nlimit 0`;
}

/** SQL: true for an entry this job applies. */
function inRange() {
    return `change_seq > ${APPLIED} and change_seq <= ${TO}`;
}

/**
 * SQL: the pre-operations of a table that reads change logs, in the order BigQuery wants: the declarations
 * (its mark; the last entry it applies, or for a producer the number of what it writes; whether a reset is
 * pending; then `declarations`), then the statements: registering the table (so that no entry is deleted
 * before it has applied it); for a producer, deleting the entries every reader has applied; `statements`.
 * The last entry is the latest number in either log or any mark: numbers only grow, also across logs.
 * @param {{ reader: string, logs: LogTables, reads: LogName[], produces?: LogName, declarations?: string[], statements?: string[] }} args
 * @returns {string}
 */
function preOperationsSql({ reader, logs, reads, produces, declarations = [], statements = [] }) {
    const name = sql.string(reader);
    const resets = reads.map((log) => `exists (select 1 from ${logs[log]} where ${inRange()} and ${LOGS[log].key} is null)`);
    return [
        `declare ${APPLIED} int64 default (select coalesce(max(applied_seq), -1) from ${logs.applied} where reader = ${name})`,
        `declare ${TO} int64 default (
    select coalesce(max(seq), -1)${produces ? " + 1" : ""}
    from (
        select change_seq as seq from ${logs.people}
        union all
        select change_seq from ${logs.orders}
        union all
        select applied_seq from ${logs.applied}
    ) as numbers
)`,
        `declare ${RESET} bool default (${resets.join(" or ") || "false"})`,
        ...declarations,
        `insert into ${logs.applied} (reader, applied_seq)
select ${name}, -1 from (select 1) as one
where not exists (select 1 from ${logs.applied} where reader = ${name})`,
        ...(produces ? [`delete from ${logs[produces]} where change_seq <= (select min(applied_seq) from ${logs.applied})`] : []),
        ...statements,
    ].join(";\n");
}

/**
 * SQL: the post-operation of a table that reads change logs: its new mark. The last statement of its job.
 * @param {{ reader: string, logs: LogTables }} args
 * @returns {string}
 */
function recordSql({ reader, logs }) {
    return `update ${logs.applied} set applied_seq = ${TO} where reader = ${sql.string(reader)}`;
}

/**
 * SQL: a table expression of the entries of a log this job applies, resets left out.
 * @param {LogTables} logs
 * @param {LogName} log
 * @returns {string}
 */
function pendingSql(logs, log) {
    return `(select * from ${logs[log]} where ${inRange()} and ${LOGS[log].key} is not null)`;
}

/**
 * SQL: a producer's statement writing `query`'s rows (the log's columns) as entries numbered `changes_to`.
 * @param {LogTables} logs
 * @param {LogName} log
 * @param {string} query
 * @returns {string}
 */
function appendSql(logs, log, query) {
    const columns = Object.keys(LOGS[log].columns).join(", ");
    return `insert into ${logs[log]} (change_seq, ${columns})
select ${TO}, ${columns} from (
    ${query}
) as changes`;
}

/**
 * SQL: a producer's statement on a build from scratch: the reset entry that makes its readers recompute everything.
 * @param {LogTables} logs
 * @param {LogName} log
 * @returns {string}
 */
function appendResetSql(logs, log) {
    return `insert into ${logs[log]} (change_seq) values (${TO})`;
}

module.exports = { RESET, tables, createSql, preOperationsSql, recordSql, pendingSql, appendSql, appendResetSql };
