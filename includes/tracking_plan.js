// @ts-check
/**
 * The tracking plan (docs/data-contract.md, Semantics): canonical event names and their aliases,
 * where each property lives in schema versions 1 and 2 of the payload, which
 * properties each event requires, and the quarantine reasons in the order a
 * row's first defect is chosen. Data first, then pure functions that turn it
 * into SQL.
 */
const sql = require("./sql");

/**
 * @typedef {object} EventSpec
 * @property {readonly string[]} aliases   names as producers send them (normalized before matching)
 * @property {readonly string[]} required  canonical properties that must be present
 */

/** @type {Readonly<Record<string, EventSpec>>} */
const EVENTS = Object.freeze({
    page_view: { aliases: ["page", "Page Viewed"], required: [] },
    view_item: { aliases: ["Product Viewed"], required: ["product_id"] },
    add_to_cart: { aliases: ["Product Added"], required: ["product_id"] },
    begin_checkout: { aliases: ["Checkout Started"], required: [] },
    sign_up: { aliases: ["Signed Up"], required: [] },
    purchase: { aliases: ["Order Completed", "order_completed", "checkout_completed"], required: ["order_id", "currency", "revenue"] },
});

/**
 * JSON paths of a canonical property in each payload schema version; the first
 * path present wins. Version 2 is the canonical shape; version 1 is legacy.
 * @typedef {object} PropertySpec
 * @property {readonly string[]} v1
 * @property {readonly string[]} v2
 */

/** @type {Readonly<Record<string, PropertySpec>>} */
const PROPERTIES = Object.freeze({
    order_id: { v1: ["$.orderId"], v2: ["$.order_id"] },
    currency: { v1: ["$.currency"], v2: ["$.currency"] },
    revenue: { v1: ["$.value"], v2: ["$.revenue"] },
    tax: { v1: ["$.tax"], v2: ["$.tax"] },
    shipping: { v1: ["$.shipping"], v2: ["$.shipping"] },
    product_id: { v1: ["$.product_id", "$.sku"], v2: ["$.product_id"] },
    price: { v1: ["$.price"], v2: ["$.price"] },
    quantity: { v1: ["$.quantity", "$.qty"], v2: ["$.quantity"] },
    email: { v1: ["$.email"], v2: ["$.email"] },
    method: { v1: ["$.method"], v2: ["$.method"] },
});

/**
 * Where the line items of a purchase live, and their fields, per version.
 * Version 1 has no item revenue: it is price * quantity.
 */
const ITEMS = Object.freeze({
    v1: { array: "$.products", productId: "$.sku", quantity: "$.qty", price: "$.price" },
    v2: { array: "$.items", productId: "$.product_id", quantity: "$.quantity", itemRevenue: "$.item_revenue" },
});

/** The values `source`, `platform` and `schema_version` may take (after trimming and lower-casing the texts). */
const ENUMS = Object.freeze({
    source: ["server", "browser", "app"],
    platform: ["web", "ios", "android", "backend"],
    schema_version: [1, 2],
});

/** Quarantine reasons, in the order a row's first defect is chosen (docs/data-contract.md, Semantics). */
const QUARANTINE_REASONS = Object.freeze(
    /** @type {const} */ ([
        "missing_event_id",
        "missing_identity",
        "unparseable_timestamp",
        "future_timestamp",
        "invalid_enum",
        "invalid_consent",
        "invalid_context",
        "invalid_payload",
        "unknown_event",
        "missing_required_property",
        "invalid_value",
    ]),
);

/**
 * The normalization applied before aliasing: trim, lower case, spaces to `_`.
 * @param {string} name
 * @returns {string}
 */
function normalizeName(name) {
    return name.trim().toLowerCase().replace(/ /g, "_");
}

/**
 * Normalized name -> canonical name, for every canonical name and alias.
 * @returns {Map<string, string>}
 */
function nameMap() {
    /** @type {Map<string, string>} */
    const map = new Map();
    for (const [canonical, spec] of Object.entries(EVENTS)) {
        for (const name of [canonical, ...spec.aliases]) {
            const normalized = normalizeName(name);
            const existing = map.get(normalized);
            if (existing !== undefined && existing !== canonical) {
                throw new Error(`tracking_plan: ${JSON.stringify(name)} is an alias of both ${existing} and ${canonical}`);
            }
            map.set(normalized, canonical);
        }
    }
    return map;
}

/**
 * SQL: the normalized form of a name column (same rule as normalizeName).
 * @param {string} column
 * @returns {string}
 */
function normalizedNameSql(column) {
    return `replace(lower(trim(${column})), ' ', '_')`;
}

/**
 * SQL: the canonical event name of a raw name column; NULL for unknown events.
 * @param {string} column
 * @param {number} [level]  indent level of the expression (see sql.caseBlock)
 * @returns {string}
 */
function canonicalNameSql(column, level = 2) {
    const whens = [...nameMap()].map(([normalized, canonical]) => `when ${sql.string(normalized)} then ${sql.string(canonical)}`);
    return sql.caseBlock(`case ${normalizedNameSql(column)}`, whens, level);
}

/**
 * SQL: TRUE when a raw name column names the canonical event (the event or one of its aliases).
 * @param {string} column
 * @param {string} canonical  a key of EVENTS
 * @returns {string}
 */
function isEventSql(column, canonical) {
    if (!(canonical in EVENTS)) throw new Error(`tracking_plan.isEventSql: no event ${JSON.stringify(canonical)}`);
    const names = [...nameMap()].filter(([, name]) => name === canonical).map(([normalized]) => normalized);
    return `coalesce(${normalizedNameSql(column)} in ${sql.stringList(names)}, false)`;
}

/**
 * SQL: the first present path of a JSON string column, as STRING.
 * @param {string} jsonColumn
 * @param {readonly string[]} paths
 * @returns {string}
 */
function firstPathSql(jsonColumn, paths) {
    const values = paths.map((path) => `json_value(${jsonColumn}, ${sql.string(path)})`);
    return values.length === 1 ? values[0] : `coalesce(${values.join(", ")})`;
}

/**
 * SQL: a canonical property read from the payload in the shape of its schema version, as STRING.
 * @param {string} property          a key of PROPERTIES
 * @param {string} payloadColumn     JSON string column
 * @param {string} versionColumn     INT64 schema_version column (1 = legacy; anything else = 2)
 * @returns {string}
 */
function propertySql(property, payloadColumn, versionColumn) {
    const spec = PROPERTIES[property];
    if (spec === undefined) {
        throw new Error(`tracking_plan: unknown property ${JSON.stringify(property)}`);
    }
    const v1 = firstPathSql(payloadColumn, spec.v1);
    const v2 = firstPathSql(payloadColumn, spec.v2);
    return v1 === v2 ? v2 : `if(${versionColumn} = 1, ${v1}, ${v2})`;
}

/**
 * SQL: TRUE when a text column holds a JSON object as BigQuery reads one: strict JSON (SAFE.PARSE_JSON
 * reads it: no single quotes, trailing commas, lone surrogate escapes or numbers FLOAT64 cannot hold),
 * an object at the top. `parsedColumn` is the column's SAFE.PARSE_JSON, parsed once per row by the model
 * (SAFE.PARSE_JSON of a computed value is refused locally, so the text must be a column).
 * @param {string} column
 * @param {string} parsedColumn
 * @returns {string}
 */
function isJsonObjectSql(column, parsedColumn) {
    // parsed, and the first character past JSON's white space (and a byte order mark) opens an object
    return `coalesce(${parsedColumn} is not null and starts_with(ltrim(${column}, ' \\t\\n\\r\\ufeff'), '{'), false)`;
}

/**
 * SQL: TRUE when a property text is present but not an amount: a non-negative number NUMERIC holds.
 * @param {string} column
 * @returns {string}
 */
function badAmountSql(column) {
    return `(${column} is not null and coalesce(safe_cast(${column} as numeric) < 0, true))`;
}

/**
 * SQL: TRUE when a property text is present but not a count: a non-negative whole number (at most 18 digits).
 * @param {string} column
 * @returns {string}
 */
function badCountSql(column) {
    return `(${column} is not null and not regexp_contains(${column}, r'^[0-9]{1,18}$'))`;
}

/**
 * SQL: TRUE when a purchase's line items (at their key in its schema version) are present but not an
 * array, or hold an item whose quantity is not a count or whose revenue (version 1: price) is not an amount.
 * @param {string} payloadColumn  JSON text column
 * @param {string} versionColumn  INT64 schema_version column
 * @returns {string}
 */
function invalidItemsSql(payloadColumn, versionColumn) {
    /** @param {"v1" | "v2"} version */
    const check = (version) => {
        const shape = ITEMS[version];
        const amount = version === "v1" ? ITEMS.v1.price : ITEMS.v2.itemRevenue;
        const array = `json_query_array(${payloadColumn}, ${sql.string(shape.array)})`;
        return `(json_query(${payloadColumn}, ${sql.string(shape.array)}) is not null and ${array} is null)
                or exists (
                    select 1
                    from unnest(${array}) as item
                    where json_value(item, ${sql.string(shape.quantity)}) is null
                        or ${badCountSql(`json_value(item, ${sql.string(shape.quantity)})`)}
                        or ${badAmountSql(`json_value(item, ${sql.string(amount)})`)}
                )`;
    };
    return `if(${versionColumn} = 1, ${check("v1")}, ${check("v2")})`;
}

/**
 * SQL: TRUE when the event (canonical name column) lacks a property its plan
 * requires; each property is named by the SQL column that already holds it.
 * @param {string} eventNameColumn
 * @param {(property: string) => string} propertyColumn
 * @param {number} [level]  indent level of the expression (see sql.caseBlock)
 * @returns {string}
 */
function missingRequiredSql(eventNameColumn, propertyColumn, level = 2) {
    const whens = Object.entries(EVENTS)
        .filter(([, spec]) => spec.required.length > 0)
        .map(([name, spec]) => `when ${sql.string(name)} then ${spec.required.map((p) => `${propertyColumn(p)} is null`).join(" or ")}`);
    return sql.caseBlock(`case ${eventNameColumn}`, [...whens, "else false"], level);
}

/**
 * SQL: the first quarantine reason whose condition holds, NULL when none does.
 * Takes one condition per reason and refuses a missing or unknown one, so the
 * order of docs/data-contract.md, Semantics is kept in one place.
 * @param {Readonly<Record<string, string>>} conditions  reason -> SQL boolean
 * @param {number} [level]  indent level of the expression (see sql.caseBlock)
 * @returns {string}
 */
function firstReasonSql(conditions, level = 2) {
    const unknown = Object.keys(conditions).filter((reason) => !(/** @type {readonly string[]} */ (QUARANTINE_REASONS).includes(reason)));
    const missing = QUARANTINE_REASONS.filter((reason) => conditions[reason] === undefined);
    if (unknown.length > 0 || missing.length > 0) {
        throw new Error(`tracking_plan.firstReasonSql: unknown reasons [${unknown.join(", ")}], missing reasons [${missing.join(", ")}]`);
    }
    const whens = QUARANTINE_REASONS.map((reason) => `when ${conditions[reason]} then ${sql.string(reason)}`);
    return sql.caseBlock("case", whens, level);
}

module.exports = {
    EVENTS,
    PROPERTIES,
    ITEMS,
    ENUMS,
    QUARANTINE_REASONS,
    canonicalNameSql,
    isEventSql,
    propertySql,
    isJsonObjectSql,
    badAmountSql,
    badCountSql,
    invalidItemsSql,
    missingRequiredSql,
    firstReasonSql,
};
