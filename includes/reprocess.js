// @ts-check
/**
 * Reprocessing windows of the incremental event tables (docs/incremental.md). Pure
 * functions: table names and numbers in, BigQuery SQL text out.
 *
 * Every incremental run reprocesses the received dates from `reprocess_from`
 * on: the latest received date the table already holds minus the lookback.
 * The date is DECLAREd in a pre-operation, so it is one constant for the
 * whole script and BigQuery prunes partitions with it.
 */

/** Name of the script variable every incremental event table declares. */
const REPROCESS_FROM = "reprocess_from";

/**
 * The pre-operation declaring `reprocess_from`: the latest received date in
 * `self` minus `lookbackDays` (1970-01-01 when the table is empty).
 * @param {string} self  the table's own name, `${self()}`
 * @param {number} lookbackDays
 * @returns {string}
 */
function declareReprocessFromSql(self, lookbackDays) {
    if (!Number.isSafeInteger(lookbackDays) || lookbackDays < 0) {
        throw new Error(`reprocess.declareReprocessFromSql: lookbackDays must be a whole number >= 0, got ${lookbackDays}`);
    }
    return `declare ${REPROCESS_FROM} date default (
    select coalesce(date_sub(max(date(received_at)), interval ${lookbackDays} day), date '1970-01-01')
    from ${self}
)`;
}

/**
 * A constant filter on the received-date partition: true for the rows the run reprocesses.
 * It compares the partitioning column itself (same rows as `date(received_at) >= reprocess_from`),
 * so BigQuery prunes partitions and DuckDB skips row groups by their min/max.
 * @param {string} [prefix]  table alias with its dot, e.g. `events.`
 * @returns {string}
 */
function inWindowSql(prefix = "") {
    return `${prefix}received_at >= timestamp(${REPROCESS_FROM})`;
}

/**
 * Order ids of the valid purchase events received in the window: the orders
 * whose one kept purchase may change in this run.
 * @param {string} stagedEvents  `${ref("stg_events")}`
 * @returns {string}
 */
function windowOrderIdsSql(stagedEvents) {
    return `select order_id
        from ${stagedEvents}
        where ${inWindowSql()}
            and event_name = 'purchase'
            and order_id is not null`;
}

/**
 * The anonymous_ids to restitch: those with an anonymous event in `self`
 * (a stitched table as it was before this run) whose user_key is no longer
 * what the identity map gives. A device whose mapping did not change is left
 * alone, however often its person logs in again.
 * @param {{ self: string, identityMap: string }} refs
 * @returns {string}
 */
function restitchedAnonymousIdsSql({ self, identityMap }) {
    return `select stitched.anonymous_id
            from ${self} as stitched
            left join ${identityMap} as identity
                on stitched.anonymous_id = identity.anonymous_id
            where stitched.user_id is null
                and stitched.anonymous_id is not null
                and stitched.user_key != coalesce(identity.user_id, concat('anon:', stitched.anonymous_id))`;
}

/**
 * True for a kept event whose deduplication, stitching or session may change
 * in this run: received in the window, a purchase of an order purchased again
 * in the window, or an event of an anonymous_id to restitch (however old it is).
 * @param {{ prefix?: string, self: string, stagedEvents: string, identityMap: string }} refs
 * @returns {string}
 */
function isAffectedEventSql({ prefix = "", self, stagedEvents, identityMap }) {
    return `(
        ${inWindowSql(prefix)}
        or (${prefix}event_name = 'purchase' and ${prefix}order_id in (${windowOrderIdsSql(stagedEvents)}))
        or ${prefix}anonymous_id in (
            ${restitchedAnonymousIdsSql({ self, identityMap })}
        )
    )`;
}

/**
 * The pre-operation of a per-person table whose rows depend on the person's
 * earlier events (sessions): for every user_key with an affected event, before
 * (in `self`) or after (in `upstream`) this run's changes, deletes the
 * user_key's rows from the earliest such event time on. The rows before it
 * stay exact: a session depends only on the events before it. The
 * incremental query then recomputes the rows of `upstream` that `self` no
 * longer holds, by event_id, carrying on from each user_key's last kept row.
 * @param {{ self: string, upstream: string, stagedEvents: string, identityMap: string }} refs
 * @returns {string}
 */
function deleteChangedTailsSql({ self, upstream, stagedEvents, identityMap }) {
    const affected = isAffectedEventSql({ self, stagedEvents, identityMap });
    return `delete from ${self} as kept
where exists (
    select 1
    from (
        select user_key, min(event_at) as changed_from
        from (
            select user_key, event_at from ${self} where ${affected}
            union all
            select user_key, event_at from ${upstream} where ${affected}
        ) as affected_events
        group by user_key
    ) as changes
    where changes.user_key = kept.user_key
        and kept.event_at >= changes.changed_from
)`;
}

module.exports = {
    REPROCESS_FROM,
    declareReprocessFromSql,
    inWindowSql,
    windowOrderIdsSql,
    restitchedAnonymousIdsSql,
    isAffectedEventSql,
    deleteChangedTailsSql,
};
