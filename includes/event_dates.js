// @ts-check
/**
 * The dates an event-dated daily mart (rows by event or order date, not by
 * session date) recomputes in an incremental run: the dates of the changed
 * people's events from their changed_from on (int_person_changes; it lists
 * the dates of a person's events before and after the run, so rows that move
 * or disappear are covered), and the order dates of repriced orders
 * (int_order_revenue_changes). The marts hand this query to
 * changed_dates.replaceChangedDatesSql. One place, so the marts follow when
 * the worklists change. Pure functions: table names in, SQL text out.
 */
const order_changes = require("./order_changes");

/**
 * SQL: a query (one column, changed_date) of the event and order dates whose
 * rows may change in this run.
 * @param {{ changes: string, revenueChanges: string }} refs
 * @returns {string}
 */
function changedEventDatesSql({ changes, revenueChanges }) {
    return `select changed_date from ${changes}
    union distinct
    select order_date as changed_date from ${revenueChanges}`;
}

/**
 * SQL: a query (one column, changed_date) of the order dates of the orders
 * whose touchpoints or attribution may change in this run
 * (order_changes.changedOrderIdsSql), for marts dated by the order date that
 * read the attribution.
 * @param {{ orders: string, sessions: string, changes: string, revenueChanges: string, timeoutSeconds: number }} refs
 * @returns {string}
 */
function changedOrderDatesSql(refs) {
    return `select order_date as changed_date
    from ${refs.orders}
    where order_id in (
        ${order_changes.changedOrderIdsSql(refs)}
    )`;
}

module.exports = { changedEventDatesSql, changedOrderDatesSql };
