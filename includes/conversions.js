// @ts-check
/**
 * Conversion definitions (docs/data-contract.md, Semantics): what counts as a
 * conversion, its value, and whether it counts once per event or once per
 * session. `purchase` and `sign_up` by default; an adopter adds, replaces or
 * removes definitions in includes/custom/conversions.js, which
 * `mergeConversions` merges with the defaults and validates, naming the
 * definition of the first error. `conversionsSql` turns them into the rows of
 * int_conversions.
 *
 * Columns a condition or a value column may read (one row per kept event,
 * marts.fct_events with its order's revenue): event_id, event_name, event_at,
 * user_key, user_id, anonymous_id, session_id, source, platform, order_id,
 * page_url, has_ads_consent, revenue_reporting (the order's revenue in the
 * reporting currency; NULL for events without an order).
 */
const sql = require("./sql");
const tracking_plan = require("./tracking_plan");
const custom = require("./custom/conversions");

/** Columns of the rows conversions are read from. */
const EVENT_COLUMNS = Object.freeze([
    "event_id",
    "event_name",
    "event_at",
    "user_key",
    "user_id",
    "anonymous_id",
    "session_id",
    "source",
    "platform",
    "order_id",
    "page_url",
    "has_ads_consent",
    "revenue_reporting",
]);

/** The numeric columns a value may be read from. */
const VALUE_COLUMNS = Object.freeze(["revenue_reporting"]);

/**
 * @typedef {object} Conversion
 * @property {string} name              lower-case identifier, the `conversion` column's value
 * @property {string} [event]           canonical event name of the tracking plan
 * @property {string} [condition]       BigQuery boolean over EVENT_COLUMNS (with event: both must hold)
 * @property {{ column: string } | { constant: number } | null} value  the value of one conversion; null: none (0)
 * @property {"event" | "session"} countOnce  once per event, or once per session (the session's first such event)
 */

/**
 * What includes/custom/conversions.js may export (every key optional).
 * @typedef {object} Overrides
 * @property {readonly Conversion[]} [conversions]  a definition named like a default replaces it; others are added
 * @property {readonly string[]} [remove]  default definitions to drop, by name
 */

/** @type {readonly Conversion[]} */
const DEFAULT_CONVERSIONS = Object.freeze([
    { name: "purchase", event: "purchase", value: { column: "revenue_reporting" }, countOnce: "event" },
    { name: "sign_up", event: "sign_up", value: null, countOnce: "event" },
]);

const OVERRIDES_FILE = "includes/custom/conversions.js";

/**
 * @param {string} where
 * @param {string} message
 * @returns {Error}
 */
function invalid(where, message) {
    return new Error(`${OVERRIDES_FILE}: ${where}: ${message}`);
}

/**
 * @param {unknown} value
 * @param {number} index
 * @returns {Conversion}
 */
function checkedConversion(value, index) {
    if (typeof value !== "object" || value === null) {
        throw invalid(`conversions[${index}]`, "a conversion is an object { name, event, condition, value, countOnce }");
    }
    const given = /** @type {Record<string, unknown>} */ (value);
    const where = typeof given.name === "string" ? `conversion "${given.name}"` : `conversions[${index}]`;
    const unknown = Object.keys(given).find((key) => !["name", "event", "condition", "value", "countOnce"].includes(key));
    if (unknown !== undefined) {
        throw invalid(where, `unknown key ${JSON.stringify(unknown)}; expected name, event, condition, value, countOnce`);
    }
    if (typeof given.name !== "string" || !/^[a-z][a-z0-9_]*$/.test(given.name)) {
        throw invalid(where, "name must be lower case letters, digits and underscores, starting with a letter");
    }
    const events = Object.keys(tracking_plan.EVENTS);
    if (given.event !== undefined && (typeof given.event !== "string" || !events.includes(given.event))) {
        throw invalid(where, `event ${JSON.stringify(given.event)} is not an event of the tracking plan (${events.join(", ")})`);
    }
    if (
        given.condition !== undefined &&
        (typeof given.condition !== "string" || given.condition.trim() === "" || given.condition.includes(";"))
    ) {
        throw invalid(where, "condition must be one SQL boolean expression over the event columns");
    }
    if (given.event === undefined && given.condition === undefined) {
        throw invalid(where, "needs an event, a condition, or both");
    }
    /** @type {Conversion["value"]} */
    let conversionValue = null;
    const rawValue = given.value;
    if (rawValue !== undefined && rawValue !== null) {
        const shape = /** @type {Record<string, unknown>} */ (rawValue);
        if (typeof rawValue === "object" && Object.keys(shape).length === 1 && typeof shape.column === "string") {
            if (!VALUE_COLUMNS.includes(shape.column)) {
                throw invalid(where, `value column ${JSON.stringify(shape.column)} is not one of ${VALUE_COLUMNS.join(", ")}`);
            }
            conversionValue = { column: shape.column };
        } else if (typeof rawValue === "object" && Object.keys(shape).length === 1 && typeof shape.constant === "number") {
            if (!Number.isFinite(shape.constant) || shape.constant < 0) {
                throw invalid(where, "value constant must be a number >= 0");
            }
            conversionValue = { constant: shape.constant };
        } else {
            throw invalid(where, 'value must be { column: "name" }, { constant: number } or null (none)');
        }
    }
    const countOnce = given.countOnce ?? "event";
    if (countOnce !== "event" && countOnce !== "session") {
        throw invalid(where, `countOnce must be "event" or "session", not ${JSON.stringify(countOnce)}`);
    }
    return {
        name: given.name,
        ...(given.event !== undefined ? { event: /** @type {string} */ (given.event) } : {}),
        ...(given.condition !== undefined ? { condition: /** @type {string} */ (given.condition).trim() } : {}),
        value: conversionValue,
        countOnce,
    };
}

/**
 * The default definitions merged with an adopter's overrides, validated. Throws
 * an error naming the file and the definition at the first problem. Pure.
 * @param {unknown} overrides  what includes/custom/conversions.js exports
 * @returns {readonly Conversion[]}
 */
function mergeConversions(overrides) {
    if (typeof overrides !== "object" || overrides === null) {
        throw invalid("module.exports", "must be an object { conversions, remove }");
    }
    const given = /** @type {Record<string, unknown>} */ (overrides);
    const unknown = Object.keys(given).find((key) => key !== "conversions" && key !== "remove");
    if (unknown !== undefined) {
        throw invalid("module.exports", `unknown key ${JSON.stringify(unknown)}; expected conversions, remove`);
    }
    /** @type {Conversion[]} */
    const merged = [...DEFAULT_CONVERSIONS];
    const removals = given.remove ?? [];
    if (!Array.isArray(removals) || !removals.every((name) => typeof name === "string")) {
        throw invalid("remove", "must be a list of conversion names");
    }
    for (const name of removals) {
        const at = merged.findIndex((conversion) => conversion.name === name);
        if (at < 0) {
            throw invalid(`remove "${name}"`, `no default conversion has this name (${merged.map((c) => c.name).join(", ")})`);
        }
        merged.splice(at, 1);
    }
    const added = given.conversions ?? [];
    if (!Array.isArray(added)) {
        throw invalid("conversions", "must be a list of conversions");
    }
    const seen = new Set();
    added.forEach((value, index) => {
        const conversion = checkedConversion(value, index);
        if (seen.has(conversion.name)) {
            throw invalid(`conversion "${conversion.name}"`, "appears twice");
        }
        seen.add(conversion.name);
        const at = merged.findIndex((existing) => existing.name === conversion.name);
        merged.splice(at < 0 ? merged.length : at, at < 0 ? 0 : 1, conversion);
    });
    if (merged.length === 0) {
        throw invalid("module.exports", "leaves no conversion; keep at least one");
    }
    return Object.freeze(merged);
}

/** The definitions in force (defaults merged with includes/custom/conversions.js). */
const CONVERSIONS = mergeConversions(custom);

/** Every conversion name, in definition order. */
const NAMES = Object.freeze(CONVERSIONS.map((conversion) => conversion.name));

/**
 * SQL: the NUMERIC value of one conversion.
 * @param {Conversion} conversion
 * @returns {string}
 */
function valueSql(conversion) {
    if (conversion.value === null) {
        return "numeric '0'";
    }
    if ("column" in conversion.value) {
        return `coalesce(cast(${conversion.value.column} as numeric), numeric '0')`;
    }
    return `numeric '${conversion.value.constant}'`;
}

/**
 * SQL: the conversions found in `eventsCte` (EVENT_COLUMNS), one `select` per
 * definition joined by `union all`: conversion, event_id, session_id,
 * user_key, converted_at, value. A definition counted once per session keeps
 * the session's first matching event.
 * @param {string} eventsCte
 * @param {readonly Conversion[]} [conversions]
 * @returns {string}
 */
function conversionsSql(eventsCte, conversions = CONVERSIONS) {
    return conversions
        .map((conversion) => {
            const tests = [
                ...(conversion.event !== undefined ? [`event_name = ${sql.string(conversion.event)}`] : []),
                ...(conversion.condition !== undefined ? [`(${conversion.condition})`] : []),
            ];
            const once =
                conversion.countOnce === "session"
                    ? "\n    qualify row_number() over (partition by session_id order by event_at, event_id) = 1"
                    : "";
            return [
                "select",
                `        ${sql.string(conversion.name)} as conversion,`,
                "        event_id,",
                "        session_id,",
                "        user_key,",
                "        event_at as converted_at,",
                `        ${valueSql(conversion)} as value`,
                `    from ${eventsCte}`,
                `    where ${tests.join(" and ")}${once}`,
            ].join("\n");
        })
        .join("\n    union all\n    ");
}

/**
 * SQL: the conversion names as rows (one column, conversion), joined by `union all`.
 * @returns {string}
 */
function namesSql() {
    return NAMES.map((name) => `select ${sql.string(name)} as conversion`).join("\n    union all\n    ");
}

module.exports = { EVENT_COLUMNS, DEFAULT_CONVERSIONS, CONVERSIONS, NAMES, mergeConversions, conversionsSql, namesSql };
