// @ts-check
/**
 * What an incremental run recomputes (docs/incremental.md). Pure functions:
 * table names and numbers in, BigQuery SQL text out.
 *
 * The event tables reprocess the received dates from `reprocess_from` on:
 * the latest received date the table already holds minus the lookback. The
 * date is DECLAREd in a pre-operation, so it is one constant for the whole
 * script and BigQuery prunes partitions with it. The tables after stitching
 * recompute what the run's worklists (int_person_changes,
 * int_order_revenue_changes) say may change.
 */

/** Name of the script variable the tables that window on received dates declare. */
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
 * The run's worklist (`int_person_changes`): every user_key with an affected
 * event, before this run's changes (in `before`, the per-person table as it
 * was) or after them (in `after`, the stitched events as they are now), with
 * the earliest such event time, `changed_from`. A person's rows before it
 * stay exact: a session depends only on the events before it. One row per
 * reporting date (`timezoneSql`, a SQL string literal) of the person's
 * events from `changed_from` on, before or after this run: the dates the
 * person's changes can reach, besides the sessions that start earlier
 * (isChangedSessionSql).
 * @param {{ before: string, after: string, stagedEvents: string, identityMap: string, timezoneSql: string }} args
 * @returns {string}
 */
function changedPeopleSql({ before, after, stagedEvents, identityMap, timezoneSql }) {
    const affected = isAffectedEventSql({ self: before, stagedEvents, identityMap });
    const eventsFrom = (/** @type {string} */ table) => `select events.user_key, events.event_at
    from ${table} as events
    inner join people
        on events.user_key = people.user_key
        and events.event_at >= people.changed_from`;
    return `with

people as (
    select
        user_key,
        min(event_at) as changed_from
    from (
        select user_key, event_at from ${before} where ${affected}
        union all
        select user_key, event_at from ${after} where ${affected}
    ) as affected_events
    group by user_key
),

changed_events as (
    ${eventsFrom(before)}
    union all
    ${eventsFrom(after)}
)

select distinct
    people.user_key,
    people.changed_from,
    date(changed_events.event_at, ${timezoneSql}) as changed_date
from people
inner join changed_events
    on people.user_key = changed_events.user_key`;
}

/**
 * The events of `events` a per-event table whose rows depend on the
 * person's earlier events (sessions) computes again: every changed person's
 * events from its `changed_from` on, the rows deleteChangedTailsSql deleted
 * and the new ones. A join, not a correlated EXISTS: DuckDB would group all
 * of `events` by the correlated columns first.
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
 * The pre-operation of a per-event table whose rows depend on the person's
 * earlier events: deletes every changed person's rows from its
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
 * True for a session (a row with `user_key` and `ended_at`) that may change
 * in this run: its person changed, and it ended at most one session timeout
 * before `changed_from`. An earlier session cannot be continued by an event
 * at or after `changed_from`, and its events before it are unchanged.
 * `prefix` (the session table's alias with its dot) is required: `changes`
 * has a user_key too.
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

/**
 * The order ids whose touchpoints may change in this run (`orders` and
 * `sessions` as they are after this run's changes; `self`, if given, the
 * order-level table as it was):
 * - orders of a changed person placed at or after the start of the
 *   person's earliest changed session (a touchpoint starts before its order;
 *   a session that carries on across changed_from can change its channel);
 * - orders whose revenue in the reporting currency changed (`revenueChanges`);
 * - orders `self` holds that no longer exist.
 * @param {{ self?: string, orders: string, sessions: string, changes: string, revenueChanges: string, timeoutSeconds: number }} refs
 * @returns {string}
 */
function changedOrderIdsSql({ self, orders, sessions, changes, revenueChanges, timeoutSeconds }) {
    const changedSince = `timestamp_sub(changes.changed_from, interval ${timeoutSeconds} second)`;
    return `select orders.order_id
    from ${orders} as orders
    inner join (
        select
            changes.user_key,
            least(${changedSince}, coalesce(min(sessions.started_at), ${changedSince})) as recompute_from
        from ${changes} as changes
        left join ${sessions} as sessions
            on sessions.user_key = changes.user_key
            and sessions.ended_at >= ${changedSince}
        group by changes.user_key, changes.changed_from
    ) as people
        on orders.user_key = people.user_key
        and orders.ordered_at >= people.recompute_from
    union distinct
    select order_id
    from ${revenueChanges}${
        self
            ? `
    union distinct
    select order_id
    from ${self}
    where order_id not in (select order_id from ${orders})`
            : ""
    }`;
}

/**
 * The pre-operation of an order-level table: deletes the orders whose
 * touchpoints may change (changedOrderIdsSql); the incremental query then
 * computes the orders the table no longer holds.
 * @param {{ self: string, orders: string, sessions: string, changes: string, revenueChanges: string, timeoutSeconds: number }} refs
 * @returns {string}
 */
function deleteChangedOrdersSql(refs) {
    return `delete from ${refs.self}
where order_id in (
    ${changedOrderIdsSql(refs)}
)`;
}

/** Names of the script variables of the daily tables: the dates they recompute, and the earliest of them. */
const CHANGED_DATES = "changed_dates";
const CHANGED_DATES_FROM = "changed_dates_from";

/**
 * The session dates whose daily rows may change in this run: the changed
 * people's dates, the dates of their sessions that may change although they
 * start earlier (isChangedSessionSql), and, with `revenueChanges`, the dates
 * of the sessions whose orders' revenue changed.
 * @param {{ sessions: string, changes: string, revenueChanges?: string, timeoutSeconds: number }} refs
 * @returns {string}
 */
function changedSessionDatesSql({ sessions, changes, revenueChanges, timeoutSeconds }) {
    const revenueChanged = revenueChanges ? `\n        or sessions.session_id in (select session_id from ${revenueChanges})` : "";
    return `select changed_date from ${changes}
    union distinct
    select sessions.session_date as changed_date
    from ${sessions} as sessions
    where ${isChangedSessionSql({ prefix: "sessions.", changes, timeoutSeconds })}${revenueChanged}`;
}

/**
 * The pre-operations of a daily table that recomputes the dates
 * `changedDatesSql` lists (a query, one column changed_date): declares them once,
 * before anything changes, as `changed_dates` (and the earliest as
 * `changed_dates_from`), constants that prune the date partitions the table
 * reads; then deletes those dates from `self` (by its column `date`).
 * @param {{ self: string, changedDatesSql: string }} args
 * @returns {string}
 */
function replaceChangedDatesSql({ self, changedDatesSql }) {
    return `declare ${CHANGED_DATES} default (
    select array_agg(distinct changed_date order by changed_date) from (${changedDatesSql}) as changed_dates
);
declare ${CHANGED_DATES_FROM} date default (select min(changed_date) from unnest(${CHANGED_DATES}) as changed_date);
delete from ${self} where ${isChangedDateSql("date")}`;
}

/**
 * True for a row of a date the run recomputes (after replaceChangedDatesSql).
 * @param {string} dateSql  the row's date
 * @returns {string}
 */
function isChangedDateSql(dateSql) {
    return `${dateSql} in unnest(${CHANGED_DATES})`;
}

module.exports = {
    REPROCESS_FROM,
    declareReprocessFromSql,
    inWindowSql,
    windowOrderIdsSql,
    restitchedAnonymousIdsSql,
    isAffectedEventSql,
    changedPeopleSql,
    changedEventsSql,
    deleteChangedTailsSql,
    isChangedSessionSql,
    changedOrderIdsSql,
    deleteChangedOrdersSql,
    CHANGED_DATES_FROM,
    changedSessionDatesSql,
    replaceChangedDatesSql,
    isChangedDateSql,
};
