// @ts-check
/**
 * The incremental plumbing of the daily marts built on the worklists
 * (mart_pages_daily, mart_products_daily, mart_consent_daily,
 * mart_campaigns_daily), in one place, so the marts follow when the
 * worklists change (docs/incremental.md, What each table recomputes): which
 * worklists they read, the dates each kind of mart recomputes, and the pre-
 * and post-operations around a run. Pure functions: table names and numbers
 * in, SQL text out.
 */
const changed_dates = require("./changed_dates");
const order_changes = require("./order_changes");

/**
 * The run's worklists as the marts read them.
 * @param {(name: string) => string} ref
 * @returns {{ changes: string, revenueChanges: string }}
 */
function worklists(ref) {
    return { changes: ref("int_person_changes"), revenueChanges: ref("int_order_revenue_changes") };
}

/**
 * SQL: a query (one column, changed_date) of the session dates whose rows
 * may change (changed_dates.changedSessionDatesSql): for marts dated by the session date.
 * @param {{ ref: (name: string) => string, timeoutSeconds: number }} args
 * @returns {string}
 */
function sessionDatesSql({ ref, timeoutSeconds }) {
    return changed_dates.changedSessionDatesSql({ sessions: ref("fct_sessions"), changes: worklists(ref).changes, timeoutSeconds });
}

/**
 * SQL: a query (one column, changed_date) of the event and order dates whose
 * rows may change: the changed people's dates (the worklist lists the dates
 * of a person's events before and after the run, so rows that move or
 * disappear are covered) and the order dates of repriced orders. For marts
 * dated by the event (order) date.
 * @param {{ ref: (name: string) => string }} args
 * @returns {string}
 */
function eventDatesSql({ ref }) {
    const { changes, revenueChanges } = worklists(ref);
    return `select changed_date from ${changes}
    union distinct
    select order_date as changed_date from ${revenueChanges}`;
}

/**
 * SQL: a query (one column, changed_date) of the order dates of the orders
 * whose touchpoints or attribution may change (order_changes.changedOrderIdsSql):
 * for marts dated by the order date that read the attribution.
 * @param {{ ref: (name: string) => string, timeoutSeconds: number }} args
 * @returns {string}
 */
function orderDatesSql({ ref, timeoutSeconds }) {
    const { changes, revenueChanges } = worklists(ref);
    return `select order_date as changed_date
    from ${ref("fct_orders")}
    where order_id in (
        ${order_changes.changedOrderIdsSql({ orders: ref("fct_orders"), sessions: ref("int_sessions"), changes, revenueChanges, timeoutSeconds })}
    )`;
}

/**
 * SQL: the pre-operations of a daily mart: on an incremental run, declares
 * the dates `changedDatesSql` lists and deletes them from `self`
 * (changed_dates.replaceChangedDatesSql); nothing on a full refresh.
 * @param {{ self: string, incremental: boolean, changedDatesSql: string }} args
 * @returns {string}
 */
function preOperationsSql({ self, incremental, changedDatesSql }) {
    return incremental ? changed_dates.replaceChangedDatesSql({ self, changedDatesSql }) : "";
}

module.exports = {
    worklists,
    sessionDatesSql,
    eventDatesSql,
    orderDatesSql,
    preOperationsSql,
    isChangedDateSql: changed_dates.isChangedDateSql,
    CHANGED_DATES_FROM: changed_dates.CHANGED_DATES_FROM,
};
