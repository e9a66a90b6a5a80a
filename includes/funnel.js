// @ts-check
/**
 * Funnel (docs/data-contract.md, Semantics): a session reaches step k when it has events of steps
 * 1..k at non-decreasing times. Taking, at each step, the earliest event not
 * before the previous step's time is enough: an earlier choice never removes
 * a later option. Pure functions: step names in, SQL CTEs out.
 */
const sql = require("./sql");

/**
 * @param {readonly string[]} steps
 */
function checkSteps(steps) {
    if (steps.length === 0) {
        throw new Error("funnel: needs at least one step");
    }
    if (new Set(steps).size !== steps.length) {
        throw new Error(`funnel: steps must be distinct, got ${steps.join(", ")}`);
    }
}

/**
 * SQL: the steps as rows (step_index, step_name), one `select` per step joined by `union all`.
 * @param {readonly string[]} steps
 * @returns {string}
 */
function stepsSql(steps) {
    checkSteps(steps);
    return steps.map((step, i) => `select ${i + 1} as step_index, ${sql.string(step)} as step_name`).join("\n    union all\n    ");
}

/**
 * SQL: CTEs `funnel_step_1` .. `funnel_step_<n>` (session_id, reached_at) and
 * `funnel_reached` (session_id, step_index): the sessions that reach each step.
 * Reads `eventsCte` with columns session_id, event_name, event_at. Ends without a comma.
 * @param {readonly string[]} steps
 * @param {string} eventsCte
 * @returns {string}
 */
function reachedCtesSql(steps, eventsCte) {
    checkSteps(steps);
    const stepCtes = steps.map((step, i) => {
        const previous =
            i === 0
                ? ""
                : `\n    inner join funnel_step_${i} as previous_step\n        on events.session_id = previous_step.session_id\n        and events.event_at >= previous_step.reached_at`;
        return [
            `funnel_step_${i + 1} as (`,
            "    select",
            "        events.session_id,",
            "        min(events.event_at) as reached_at",
            `    from ${eventsCte} as events${previous}`,
            `    where events.event_name = ${sql.string(step)}`,
            "    group by events.session_id",
            ")",
        ].join("\n");
    });
    const reached = steps
        .map((_, i) => `select session_id, ${i + 1} as step_index from funnel_step_${i + 1}`)
        .join("\n    union all\n    ");
    return `${stepCtes.join(",\n\n")},\n\n-- one row per session and step it reaches\nfunnel_reached as (\n    ${reached}\n)`;
}

module.exports = { stepsSql, reachedCtesSql };
