// @ts-check
/**
 * The orders whose touchpoints may change (docs/incremental.md, What each
 * table recomputes), from the entries of the change logs a table has not
 * applied (`int_person_changes`, `int_order_revenue_changes`), and how
 * int_order_touchpoints finds the repriced orders it writes to the second.
 * Pure functions: table names and numbers in, SQL text out.
 */
const change_logs = require("./change_logs");

/**
 * SQL: a query of the order ids whose touchpoints may change in this run
 * (`orders` and `sessions` as they are after this run's changes; `self`, if
 * given, the order-level table as it was):
 * - orders of a changed person placed at or after the start of the
 *   person's earliest changed session (a touchpoint starts before its order;
 *   a session that carries on across changed_from can change its channel);
 * - orders whose revenue in the reporting currency changed (`revenueChanges`);
 * - orders `self` holds that no longer exist;
 * - every order on a reset.
 * @param {{ self?: string, orders: string, sessions: string, changes: string, revenueChanges: string, timeoutSeconds: number }} refs
 * @returns {string}
 */
function changedOrderIdsSql({ self, orders, sessions, changes, revenueChanges, timeoutSeconds }) {
    const changedSince = `timestamp_sub(changes.changed_from, interval ${timeoutSeconds} second)`;
    const vanished = self
        ? `
    union distinct
    select order_id
    from ${self}
    where order_id not in (select order_id from ${orders})`
        : "";
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
    from ${revenueChanges} as repriced
    union distinct
    select order_id
    from ${orders}
    where ${change_logs.RESET}${vanished}`;
}

/**
 * SQL: a query of the orders (order_id, order_date, session_id) whose revenue in the reporting currency in
 * `orders` differs from what `self` (an order-level table with revenue_reporting) holds.
 * @param {{ self: string, orders: string }} refs
 * @returns {string}
 */
function repricedOrdersSql({ self, orders }) {
    return `select orders.order_id, orders.order_date, orders.session_id
    from ${orders} as orders
    inner join (select distinct order_id, revenue_reporting from ${self}) as previous
        on orders.order_id = previous.order_id
    where orders.revenue_reporting is distinct from previous.revenue_reporting`;
}

/**
 * SQL: the pre-operation of an order-level table: deletes the orders whose
 * touchpoints may change (changedOrderIdsSql), and the rows `alsoWhere` holds
 * for, in the same scan of the table; the incremental query then computes the
 * orders the table no longer holds.
 * @param {{ self: string, orders: string, sessions: string, changes: string, revenueChanges: string, timeoutSeconds: number }} refs
 * @param {string} [alsoWhere]  SQL condition of other rows to delete
 * @returns {string}
 */
function deleteChangedOrdersSql(refs, alsoWhere) {
    return `delete from ${refs.self}
where ${alsoWhere ? `${alsoWhere} or ` : ""}order_id in (
    ${changedOrderIdsSql(refs)}
)`;
}

module.exports = { changedOrderIdsSql, deleteChangedOrdersSql, repricedOrdersSql };
