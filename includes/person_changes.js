// @ts-check
/**
 * Reading the run's worklist of people, `int_person_changes`
 * (docs/incremental.md, The worklists): every person whose events may change
 * in this run, with `changed_from`, the time of its earliest such event. A
 * person's rows before it stay exact, since a session depends only on the
 * events before it. Pure functions: table names and numbers in, SQL text out.
 */

/**
 * SQL: a query of the events of `events` a per-event table whose rows depend
 * on the person's earlier events (sessions) computes again: every changed
 * person's events from its `changed_from` on, the rows deleteChangedTailsSql
 * deleted and the new ones.
 * @param {{ events: string, changes: string }} refs
 * @returns {string}
 */
function changedEventsSql({ events, changes }) {
    return `select events.*
    from ${events} as events
    inner join (
        select user_key, min(changed_from) as changed_from
        from ${changes}
        group by user_key
    ) as people
        on events.user_key = people.user_key
        and events.event_at >= people.changed_from`;
}

/**
 * SQL: the pre-operation of a per-event table whose rows depend on the
 * person's earlier events: deletes every changed person's rows from its
 * `changed_from` on (the rows changedEventsSql gives again).
 * @param {{ self: string, changes: string }} refs
 * @returns {string}
 */
function deleteChangedTailsSql({ self, changes }) {
    return `delete from ${self} as kept
where exists (
    select 1
    from ${changes} as changes
    where changes.user_key = kept.user_key
        and kept.event_at >= changes.changed_from
)`;
}

/**
 * SQL: true for a session (a row with `user_key` and `ended_at`) that may
 * change in this run: its person changed, and it ended at most one session
 * timeout before `changed_from`. An earlier session cannot be continued by an
 * event at or after `changed_from`, and its events are unchanged. `prefix`
 * (the session table's alias with its dot) is required: `changes` has a
 * user_key too.
 * @param {{ prefix: string, changes: string, timeoutSeconds: number }} args
 * @returns {string}
 */
function isChangedSessionSql({ prefix, changes, timeoutSeconds }) {
    return `exists (
        select 1
        from ${changes} as changes
        where changes.user_key = ${prefix}user_key
            and ${prefix}ended_at >= timestamp_sub(changes.changed_from, interval ${timeoutSeconds} second)
    )`;
}

module.exports = { changedEventsSql, deleteChangedTailsSql, isChangedSessionSql };
