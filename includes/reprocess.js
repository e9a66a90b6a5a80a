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
 * @param {string} [prefix]  table alias with its dot, e.g. `events.`
 * @returns {string}
 */
function inWindowSql(prefix = "") {
    return `date(${prefix}received_at) >= ${REPROCESS_FROM}`;
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
 * True for a kept event whose deduplication, stitching or session may change
 * in this run: received in the window, a purchase of an order purchased again
 * in the window, or an event of an anonymous_id whose latest user_id was
 * received in the window (it is restitched, however old it is).
 * @param {{ prefix?: string, stagedEvents: string, identityMap: string }} refs
 * @returns {string}
 */
function isAffectedEventSql({ prefix = "", stagedEvents, identityMap }) {
    return `(
        ${inWindowSql(prefix)}
        or (${prefix}event_name = 'purchase' and ${prefix}order_id in (${windowOrderIdsSql(stagedEvents)}))
        or ${prefix}anonymous_id in (
            select anonymous_id
            from ${identityMap}
            where date(last_seen_received_at) >= ${REPROCESS_FROM}
        )
    )`;
}

/**
 * The pre-operation of a per-person table (rows recomputed for whole user_keys):
 * deletes every user_key that has an affected event, before (in `self`) or
 * after (in `upstream`) this run's changes. The incremental query then
 * recomputes every user_key of `upstream` that `self` no longer holds.
 * @param {{ self: string, upstream: string, stagedEvents: string, identityMap: string }} refs
 * @returns {string}
 */
function deleteAffectedUserKeysSql({ self, upstream, stagedEvents, identityMap }) {
    const affected = isAffectedEventSql({ stagedEvents, identityMap });
    return `delete from ${self}
where user_key in (select user_key from ${self} where ${affected})
    or user_key in (select user_key from ${upstream} where ${affected})`;
}

module.exports = {
    REPROCESS_FROM,
    declareReprocessFromSql,
    inWindowSql,
    windowOrderIdsSql,
    isAffectedEventSql,
    deleteAffectedUserKeysSql,
};
