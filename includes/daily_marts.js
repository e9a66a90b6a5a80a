// @ts-check
/**
 * The incremental plumbing of the analyst's daily marts that read the change
 * logs (mart_pages_daily, mart_products_daily, mart_consent_daily,
 * mart_campaigns_daily), in one place, so the marts follow when the logs
 * change (docs/incremental.md, What each table recomputes): the dates each
 * kind of mart recomputes from the log entries it has not applied, and the
 * pre- and post-operations around a run (change_logs: the mark advances in
 * the last statement). Pure functions: table names and numbers in, SQL text out.
 */
const change_logs = require("./change_logs");
const changed_dates = require("./changed_dates");
const order_changes = require("./order_changes");

/**
 * The entries of the change logs a mart has not applied yet.
 * @param {(name: string) => string} ref
 * @returns {{ changes: string, revenueChanges: string }}
 */
function pendingChanges(ref) {
    const logs = change_logs.tables(ref);
    return { changes: change_logs.pendingSql(logs, "people"), revenueChanges: change_logs.pendingSql(logs, "orders") };
}

/**
 * SQL: a query (one column, changed_date) of the session dates whose rows
 * may change (changed_dates.changedSessionDatesSql; every date on a reset):
 * for marts dated by the session date. Reads the log of people.
 * @param {{ ref: (name: string) => string, timeoutSeconds: number }} args
 * @returns {string}
 */
function sessionDatesSql({ ref, timeoutSeconds }) {
    return changed_dates.changedSessionDatesSql({ sessions: ref("fct_sessions"), changes: pendingChanges(ref).changes, timeoutSeconds });
}

/**
 * SQL: a query (one column, changed_date) of the event and order dates whose
 * rows may change: the changed people's dates (the log lists the dates of a
 * person's events before and after the run, so rows that move or disappear
 * are covered), the order dates of repriced orders, and on a reset every
 * event date. For marts dated by the event (order) date. Reads both logs.
 * @param {{ ref: (name: string) => string }} args
 * @returns {string}
 */
function eventDatesSql({ ref }) {
    const { changes, revenueChanges } = pendingChanges(ref);
    return `select changed_date from ${changes} as changes
    union distinct
    select order_date as changed_date from ${revenueChanges} as repriced
    union distinct
    select distinct event_date as changed_date from ${ref("fct_events")} where ${change_logs.RESET}`;
}

/**
 * SQL: a query (one column, changed_date) of the order dates of the orders
 * whose touchpoints or attribution may change (order_changes.changedOrderIdsSql):
 * for marts dated by the order date that read the attribution. Reads both logs.
 * @param {{ ref: (name: string) => string, timeoutSeconds: number }} args
 * @returns {string}
 */
function orderDatesSql({ ref, timeoutSeconds }) {
    const { changes, revenueChanges } = pendingChanges(ref);
    return `select order_date as changed_date
    from ${ref("fct_orders")}
    where order_id in (
        ${order_changes.changedOrderIdsSql({ orders: ref("fct_orders"), sessions: ref("int_sessions"), changes, revenueChanges, timeoutSeconds })}
    )`;
}

/**
 * SQL: the pre-operations of a daily mart: registers it as a reader of the
 * logs it `reads` and, on an incremental run, declares the dates
 * `changedDatesSql` lists and deletes them from `self`.
 * @param {{ ref: (name: string) => string, reader: string, self: string, incremental: boolean, reads: import("./change_logs").LogName[], changedDatesSql: string }} args
 * @returns {string}
 */
function preOperationsSql({ ref, reader, self, incremental, reads, changedDatesSql }) {
    return change_logs.preOperationsSql({
        reader,
        logs: change_logs.tables(ref),
        reads,
        declarations: incremental ? changed_dates.declareChangedDatesSql({ self, changedDatesSql }) : [],
        statements: incremental ? [changed_dates.deleteChangedDatesSql(self)] : [],
    });
}

/**
 * SQL: the post-operation of a daily mart: its new mark in the logs.
 * @param {{ ref: (name: string) => string, reader: string }} args
 * @returns {string}
 */
function postOperationsSql({ ref, reader }) {
    return change_logs.recordSql({ reader, logs: change_logs.tables(ref) });
}

module.exports = {
    sessionDatesSql,
    eventDatesSql,
    orderDatesSql,
    preOperationsSql,
    postOperationsSql,
    isChangedDateSql: changed_dates.isChangedDateSql,
    CHANGED_DATES_FROM: changed_dates.CHANGED_DATES_FROM,
};
