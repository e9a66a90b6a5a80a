// @ts-check
/**
 * The dates a daily table recomputes in an incremental run
 * (docs/incremental.md, What each table recomputes). They are DECLAREd once,
 * before anything is deleted, as the ARRAY<DATE> `changed_dates`, so the
 * filters `date in unnest(changed_dates)` are constants and BigQuery prunes
 * the date partitions the table reads. Pure functions: table names and
 * numbers in, SQL text out.
 */
const change_logs = require("./change_logs");
const person_changes = require("./person_changes");

/** Names of the script variables of the daily tables: the dates they recompute, and the earliest of them. */
const CHANGED_DATES = "changed_dates";
const CHANGED_DATES_FROM = "changed_dates_from";

/**
 * SQL: a query (one column, changed_date) of the session dates whose daily
 * rows may change in this run: the changed people's dates, the dates of
 * their sessions that may change although they start earlier
 * (person_changes.isChangedSessionSql), and, with `revenueChanges`, the
 * dates of the sessions whose orders' revenue changed.
 * @param {{ sessions: string, changes: string, revenueChanges?: string, timeoutSeconds: number }} refs
 * @returns {string}
 */
function changedSessionDatesSql({ sessions, changes, revenueChanges, timeoutSeconds }) {
    const revenueChanged = revenueChanges
        ? `\n        or sessions.session_id in (select session_id from ${revenueChanges} as repriced)`
        : "";
    return `select changed_date from ${changes} as changes
    union distinct
    select sessions.session_date as changed_date
    from ${sessions} as sessions
    where ${person_changes.isChangedSessionSql({ prefix: "sessions.", changes, timeoutSeconds })}${revenueChanged}`;
}

/**
 * SQL: the declarations of a daily table that recomputes the dates
 * `changedDatesSql` lists (a query, one column changed_date), and on a reset
 * every date `self` holds (by its column `date`; `changedDatesSql` then gives
 * every date upstream): `changed_dates`, and the earliest as `changed_dates_from`.
 * @param {{ self: string, changedDatesSql: string }} args
 * @returns {string[]}
 */
function declareChangedDatesSql({ self, changedDatesSql }) {
    return [
        `declare ${CHANGED_DATES} default (
    select array_agg(distinct changed_date order by changed_date)
    from (
        ${changedDatesSql}
        union distinct
        select date as changed_date from ${self} where ${change_logs.RESET}
    ) as changed_dates
)`,
        `declare ${CHANGED_DATES_FROM} date default (select min(changed_date) from unnest(${CHANGED_DATES}) as changed_date)`,
    ];
}

/**
 * SQL: the statement deleting the dates a daily table recomputes (after declareChangedDatesSql).
 * @param {string} self
 * @returns {string}
 */
function deleteChangedDatesSql(self) {
    return `delete from ${self} where ${isChangedDateSql("date")}`;
}

/**
 * SQL: true for a row of a date the run recomputes (after declareChangedDatesSql).
 * @param {string} dateSql  the row's date
 * @returns {string}
 */
function isChangedDateSql(dateSql) {
    return `${dateSql} in unnest(${CHANGED_DATES})`;
}

module.exports = { CHANGED_DATES_FROM, changedSessionDatesSql, declareChangedDatesSql, deleteChangedDatesSql, isChangedDateSql };
