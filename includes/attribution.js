// @ts-check
/**
 * Attribution models (docs/data-contract.md, Semantics). Each model turns a conversion's touchpoints
 * (an order's, or another conversion's) into credits that sum to exactly 1. `creditSql` gives the SQL
 * of a model's share of the conversion for a touchpoint (FLOAT64) over the touchpoint columns
 * below; `exactCreditSql` turns the shares into NUMERIC credits (9 decimals)
 * that sum to exactly 1, so the sums BI reads are exact and the same on every
 * run (tests/includes/attribution.test.ts runs both on BigQuery's reference
 * evaluator and on DuckDB).
 *
 * Touchpoint columns the SQL reads:
 *   conversion, conversion_id  the conversion (for an order: 'purchase' and its order_id)
 *   touch_index          1 = first touchpoint of the conversion, by session start
 *   touch_count          touchpoints of the conversion
 *   last_non_direct_index index of the last touchpoint whose channel is not Direct, NULL if none
 *   decay_weight         2^(-age_days / half_life) of this touchpoint relative to the conversion's latest one
 *                        (which weighs 1), as NUMERIC: an exact sum, and never 0 for every touchpoint
 *   decay_weight_total   sum of decay_weight over the conversion's touchpoints
 */

const sql = require("./sql");

const MODELS = Object.freeze(["first_touch", "last_touch", "last_non_direct", "linear", "position_based", "time_decay"]);

/** @typedef {"first_touch" | "last_touch" | "last_non_direct" | "linear" | "position_based" | "time_decay"} Model */

/**
 * SQL: the NUMERIC time-decay weight of a touchpoint `ageSecondsSql` seconds older than the conversion's
 * latest touchpoint. Normalized weights do not change when all are scaled, and the latest weighs 1.
 * @param {string} ageSecondsSql
 * @param {number} halfLifeDays
 * @returns {string}
 */
function decayWeightSql(ageSecondsSql, halfLifeDays) {
    return `cast(pow(2.0, -(${ageSecondsSql}) / 86400.0 / ${halfLifeDays}) as numeric)`;
}

/**
 * SQL: the FLOAT64 share of the conversion of the touchpoint in the current row under `model`.
 * @param {string} model
 * @param {number} [level]  indent level of the expression (see sql.caseBlock)
 * @returns {string}
 */
function creditSql(model, level = 2) {
    switch (model) {
        case "first_touch":
            return "if(touch_index = 1, 1.0, 0.0)";
        case "last_touch":
            return "if(touch_index = touch_count, 1.0, 0.0)";
        case "last_non_direct":
            return "if(touch_index = coalesce(last_non_direct_index, touch_count), 1.0, 0.0)";
        case "linear":
            return "1.0 / touch_count";
        case "position_based":
            return sql.caseBlock(
                "case",
                [
                    "when touch_count = 1 then 1.0",
                    "when touch_count = 2 then 0.5",
                    "when touch_index = 1 or touch_index = touch_count then 0.4",
                    "else 0.2 / (touch_count - 2)",
                ],
                level,
            );
        case "time_decay":
            return "cast(decay_weight as float64) / cast(decay_weight_total as float64)";
        default:
            throw new Error(`attribution: unknown model ${JSON.stringify(model)}; known: ${MODELS.join(", ")}`);
    }
}

/**
 * SQL: one `select` per model over `fromSql`, joined with `union all`; each
 * adds `model` and `share` (creditSql) to the listed columns, which must
 * include conversion, conversion_id, touch_index and touch_count for exactCreditSql.
 * @param {readonly string[]} columns
 * @param {string} fromSql
 * @returns {string}
 */
function creditsUnionSql(columns, fromSql) {
    return MODELS.map((model) =>
        [
            "select",
            ...columns.map((column) => `        ${column},`),
            `        ${sql.string(model)} as model,`,
            `        ${creditSql(model, 2)} as share`,
            `    from ${fromSql}`,
        ].join("\n"),
    ).join("\n    union all\n    ");
}

/**
 * SQL: the NUMERIC credit of the row's touchpoint from the `share` column of creditsUnionSql: each share
 * rounded to 9 decimals, the conversion's last touchpoint taking what the rounding left over, so the
 * credits of a conversion and model sum to exactly 1 (the last touchpoint holds the largest share of
 * every model that splits, so its credit stays in [0, 1]). Partitioned by the conversion, not the order:
 * only purchases have an order_id.
 * @returns {string}
 */
function exactCreditSql() {
    const rounded = "cast(share as numeric)";
    return `if(touch_index = touch_count, 1 - (sum(${rounded}) over (partition by conversion, conversion_id, model) - ${rounded}), ${rounded})`;
}

/**
 * SQL: the models as rows (one column, model), one `select` per model joined by `union all`.
 * @returns {string}
 */
function modelsSql() {
    return MODELS.map((model) => `select ${sql.string(model)} as model`).join("\n    union all\n    ");
}

module.exports = { MODELS, decayWeightSql, creditSql, creditsUnionSql, exactCreditSql, modelsSql };
