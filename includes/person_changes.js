// @ts-check
/**
 * The people whose events change (docs/incremental.md, What each table
 * recomputes): int_events_sessionized finds them and writes them to the change
 * log int_person_changes; every per-person table reads the entries it has not
 * applied (change_logs.pendingSql) as `changes`: a person with `changed_from`,
 * the time of its earliest event that may change. A person's rows before it
 * stay exact, since a session depends only on the events before it. With a
 * reset pending (change_logs.RESET) every row is recomputed. Pure functions:
 * table names and numbers in, SQL text out.
 */
const change_logs = require("./change_logs");
const received_window = require("./received_window");
const sql = require("./sql");

/**
 * SQL: a query of the people whose events may change, and the dates that reaches: every user_key with an
 * affected event (received_window.affectedEventSql: received in the window, a purchase of an order purchased
 * in it, an event of a restitched device) in `before` (the sessionized events before this run: a person's
 * key before) or in `stitched` (the key after), with `changed_from`, the earliest such event time; one row
 * per reporting date of its events from then on, before or after. Needs `reprocess_from` declared from `before`.
 * @param {{ before: string, stitched: string, stagedEvents: string, identityMap: string, reportingTimezone: string }} refs
 * @returns {string}
 */
function changedPeopleSql({ before, stitched, stagedEvents, identityMap, reportingTimezone }) {
    const columns = "user_key, event_at, received_at, event_name, order_id, anonymous_id";
    // a derived table, not a WITH: the ZetaSQL reference evaluator loses a WITH nested in an INSERT's subquery
    const keptEvents = `(
        select ${columns} from ${stitched}
        union all
        select ${columns} from ${before}
    ) as kept_events`;
    return `select distinct
        people.user_key,
        people.changed_from,
        date(kept_events.event_at, ${sql.string(reportingTimezone)}) as changed_date
    from (
        select user_key, min(event_at) as changed_from
        from ${keptEvents}
        where ${received_window.affectedEventSql({ stitched: before, stagedEvents, identityMap })}
        group by user_key
    ) as people
    inner join ${keptEvents}
        on people.user_key = kept_events.user_key
        and kept_events.event_at >= people.changed_from`;
}

/**
 * SQL: a query of the events of `events` a per-event table whose rows depend
 * on the person's earlier events (sessions) computes again: every changed
 * person's events from its `changed_from` on (the rows deleteChangedTailsSql
 * deleted, and the new ones); every event on a reset.
 * @param {{ events: string, changes: string }} refs
 * @returns {string}
 */
function changedEventsSql({ events, changes }) {
    return `select events.*
    from ${events} as events
    inner join (
        select user_key, min(changed_from) as changed_from
        from ${changes} as changes
        group by user_key
    ) as people
        on events.user_key = people.user_key
        and events.event_at >= people.changed_from
    where not ${change_logs.RESET}
    union all
    select *
    from ${events}
    where ${change_logs.RESET}`;
}

/**
 * SQL: the pre-operation of a per-event table whose rows depend on the
 * person's earlier events: deletes every changed person's rows from its
 * `changed_from` on (the rows changedEventsSql gives again); every row on a reset.
 * @param {{ self: string, changes: string }} refs
 * @returns {string}
 */
function deleteChangedTailsSql({ self, changes }) {
    return `delete from ${self} as kept
where ${change_logs.RESET}
    or exists (
        select 1
        from ${changes} as changes
        where changes.user_key = kept.user_key
            and kept.event_at >= changes.changed_from
    )`;
}

/**
 * SQL: true for a session (a row with `user_key` and `ended_at`) that may
 * change: its person changed, and it ended at most one session timeout before
 * `changed_from` (an earlier session cannot be continued by an event at or
 * after `changed_from`, and its events are unchanged); every session on a
 * reset. `prefix` (the session table's alias with its dot) is required:
 * `changes` has a user_key too.
 * @param {{ prefix: string, changes: string, timeoutSeconds: number }} args
 * @returns {string}
 */
function isChangedSessionSql({ prefix, changes, timeoutSeconds }) {
    return `(${change_logs.RESET} or exists (
        select 1
        from ${changes} as changes
        where changes.user_key = ${prefix}user_key
            and ${prefix}ended_at >= timestamp_sub(changes.changed_from, interval ${timeoutSeconds} second)
    ))`;
}

module.exports = { changedPeopleSql, changedEventsSql, deleteChangedTailsSql, isChangedSessionSql };
