/**
 * BigQuery's NaN, where DuckDB's differs: BigQuery's NaN equals nothing and
 * compares false with everything (`!=` true), orders below every number, and
 * makes MIN and LEAST NaN; DuckDB's equals NaN and is the greatest value. Each
 * rule is a rewrite of the node that compares or orders, with a form DuckDB
 * still joins and filters by (markFilterComparisons). Checked against the
 * ZetaSQL reference evaluator by tests/translation and the fuzzer. LEAST is in
 * functions.ts, the NaN macros (bq_not_nan, bq_nan_null, bq_nan_order) in macros.ts.
 */
import { call, columnName, expr, isObject, kindOf, mapTree, objects, type Handler, type Json, type JsonObject } from "./ast.ts";

/**
 * BigQuery orders NaN below every other number, after NULLs ascending; DuckDB above every number. Each
 * order key gets a key before it: 0 for NaN, 1 for another value, NULL for NULL (so NULLS FIRST and LAST
 * still place NULLs), with the same direction. For other types it is the constant 1 when the query binds.
 * `resolve` gives the expression a key names (a select-list alias or position), or undefined to add none.
 */
export function withNanOrder(items: Json[], resolve: (key: Json) => Json | undefined = (key) => key): Json[] {
    return items.flatMap((item) => {
        if (!isObject(item) || !("this" in item && "desc" in item)) return [item];
        const key = resolve(item.this as Json);
        return key === undefined ? [item] : [{ ...item, this: call("bq_nan_order", [key]) }, item];
    });
}

/**
 * A SELECT's ORDER BY and named windows (WINDOW w AS (...)) with withNanOrder; an alias or position
 * orders by the select-list expression it names.
 */
export function withNanOrderedSelect(select: JsonObject): JsonObject {
    const windows =
        Array.isArray(select.windows) && select.windows.length > 0
            ? select.windows.map((window) =>
                  isObject(window) && !windowsWithRangeFrames(select).has(windowName(window.name))
                      ? { ...window, spec: nanOrderedWindow(window.spec) ?? null }
                      : window,
              )
            : select.windows;
    const data: JsonObject = { ...select, windows };
    const orderBy = isObject(data.order_by) && Array.isArray(data.order_by.expressions) ? data.order_by : undefined;
    // DuckDB's GROUP BY ALL groups only what the select list holds, which the added keys are not
    if (!orderBy || (isObject(data.group_by) && data.group_by.all === true)) return data;
    const items = Array.isArray(data.expressions) ? data.expressions : [];
    const unaliased = (item: Json) => (kindOf(item) === "alias" ? ((item as JsonObject).alias as JsonObject).this : item);
    const resolve = (key: Json): Json | undefined => {
        if (kindOf(key) === "literal") {
            const position = Number(((key as JsonObject).literal as JsonObject).value);
            const item = Number.isInteger(position) ? items[position - 1] : undefined;
            return item === undefined || kindOf(item) === "star" ? undefined : unaliased(item);
        }
        const name = columnName(key as JsonObject);
        const aliased =
            name === undefined
                ? undefined
                : items.find((item) => kindOf(item) === "alias" && aliasName(item as JsonObject) === name.toLowerCase());
        return aliased === undefined ? key : unaliased(aliased);
    };
    return { ...data, order_by: { ...orderBy, expressions: withNanOrder(orderBy.expressions as Json[], resolve) } };
}

/**
 * A UNION, INTERSECT or EXCEPT with ORDER BY: DuckDB orders a set operation only by its columns as
 * they are, so the NaN keys (withNanOrder) order a SELECT * over it. A position adds no key (a known
 * difference, docs/sql-subset.md).
 */
function setOperation(kind: string): Handler {
    return (data) => {
        const orderBy = isObject(data.order_by) && Array.isArray(data.order_by.expressions) ? data.order_by : undefined;
        if (!orderBy) return { [kind]: data };
        const inner = { [kind]: { ...data, order_by: null, limit: null, offset: null, with: null } };
        const wrapped = overQuery("(SELECT * FROM (SELECT 0) AS __set)", "__set", inner);
        const select = ((wrapped.subquery as JsonObject).this as JsonObject).select as JsonObject;
        const keys = withNanOrder(orderBy.expressions as Json[], (key) => (kindOf(key) === "literal" ? undefined : key));
        // a set operation holds LIMIT and OFFSET as expressions, a SELECT as { this }
        const clause = (value: Json | undefined) => (value == null ? null : { this: value });
        return {
            select: {
                ...select,
                with: data.with,
                order_by: { ...orderBy, expressions: keys },
                limit: clause(data.limit),
                offset: clause(data.offset),
            },
        };
    };
}

function aliasName(item: JsonObject): string {
    return String(((item.alias as JsonObject).alias as JsonObject).name).toLowerCase();
}

/**
 * x IN (values), IN (subquery), IN UNNEST(arr): SQL IN semantics, NULL when x is NULL or no value matches
 * and one is NULL. BigQuery's NaN equals nothing; DuckDB's IN matches NaN with NaN. A subquery's NaN
 * values are left out (they match nothing, and a NaN x then gets NULL or FALSE from DuckDB as from
 * BigQuery). For values and arrays: in a filter (marked like `=`) x is NULL when NaN; elsewhere a NaN x
 * gives NULL when a value is NULL, else FALSE.
 */
function inList(data: JsonObject): Json {
    const { [GUARD]: guarded, ...plain } = data;
    if (plain.query != null) return { in: { ...plain, query: withoutNan(plain.query) } };
    const x = plain.this as Json;
    const positive = (operand: Json): Json =>
        plain.unnest != null ? expr("$0 IN (SELECT unnest($1))", operand, plain.unnest) : { in: { ...plain, this: operand, not: false } };
    if (guarded === "both") {
        // in a filter, an array's IN is list_contains: no subquery, which DuckDB cannot put in an outer join's ON
        if (plain.unnest != null) return expr("list_contains($1, bq_nan_null($0))", x, plain.unnest);
        return positive(call("bq_nan_null", [x]));
    }
    const anyNull = plain.unnest != null ? expr("coalesce(len($0) > list_count($0), false)", plain.unnest) : listHasNull(plain.expressions);
    const within = expr(
        "CASE WHEN coalesce(NOT bq_not_nan($0), false) THEN (CASE WHEN $1 THEN NULL ELSE false END) ELSE $2 END",
        x,
        anyNull,
        positive(x),
    );
    return plain.not === true ? { not: { this: { paren: { this: within } } } } : within;
}

/** The one-column query of IN without its NaN values (for other types the filter is TRUE when the query binds). */
function withoutNan(query: Json): Json {
    const replaced = overQuery(
        "(SELECT __value FROM (SELECT 0) AS __in_values(__value) WHERE coalesce(bq_not_nan(__value), true))",
        "__in_values",
        query,
    );
    return kindOf(replaced) === "subquery" ? ((replaced.subquery as JsonObject).this as Json) : replaced;
}

/** A subquery from DuckDB SQL text whose FROM item `(SELECT 0) AS <alias>` reads `query` instead. */
function overQuery(sqlText: string, alias: string, query: Json): JsonObject {
    return mapTree(expr(sqlText), (object) => {
        const subquery = kindOf(object) === "subquery" ? (object.subquery as JsonObject) : undefined;
        return subquery && isObject(subquery.alias) && subquery.alias.name === alias ? { subquery: { ...subquery, this: query } } : object;
    }) as JsonObject;
}

/** SQL: whether a value of an IN list is NULL. */
function listHasNull(values: Json | undefined): Json {
    const list = Array.isArray(values) ? values : [];
    if (list.length === 0) return expr("false");
    return expr(list.map((_, index) => `$${index} IS NULL`).join(" OR "), ...list);
}

/** Comparisons through macros with BigQuery's NaN rules (macros.ts). */
function comparison(kind: string, macro: string): Handler {
    return (data) => {
        // MERGE's `UPDATE SET col = expr` is an assignment polyglot spells as `=` of an identifier.
        if (kindOf(data.left) === "identifier") return { [kind]: data };
        const { [GUARD]: guarded, ...plain } = data;
        if (guarded === "left" || guarded === "right") {
            return { paren: { this: { and: { left: { eq: plain }, right: call("bq_not_nan", [plain[guarded]]) } } } };
        }
        if (guarded === "both") {
            const keyed: JsonObject = { ...plain, left: call("bq_nan_null", [plain.left]), right: call("bq_nan_null", [plain.right]) };
            return { [kind]: keyed };
        }
        return call(macro, [data.left, data.right]);
    };
}

/**
 * BigQuery's MIN is NaN when a value is NaN; DuckDB's skips it (NaN is its greatest value, so its MAX is
 * NaN then). For other types the condition is FALSE when the query binds and DuckDB computes MIN alone.
 */
const WINDOWED = "__windowed";
const nanMinimum = (min: Json, max: Json) =>
    expr("CASE WHEN typeof($0) IN ('DOUBLE', 'FLOAT') AND CAST($1 AS VARCHAR) IN ('nan', '-nan') THEN $1 ELSE $0 END", min, max);

function minimum(data: JsonObject): Json {
    const { [WINDOWED]: windowed, ...plain } = data;
    if (windowed) return { min: plain };
    return nanMinimum({ min: plain }, { max: { ...plain, name: "max" } });
}

/** A window's ORDER BY with withNanOrder, except under a RANGE frame, which DuckDB takes over one key only (a known difference). */
function nanOrderedWindow(spec: Json | undefined): Json | undefined {
    if (!isObject(spec) || hasRangeFrame(spec)) return spec;
    return { ...spec, order_by: withNanOrder(listOf(spec.order_by)) };
}

/** Names of the named windows a RANGE frame of the select refers to (`OVER (w RANGE ...)`), which keep one key. */
function windowsWithRangeFrames(select: JsonObject): Set<string> {
    const names = new Set<string>();
    for (const object of objects(select)) {
        const over = kindOf(object) === "window_function" ? (object.window_function as JsonObject).over : undefined;
        if (isObject(over) && hasRangeFrame(over)) names.add(windowName(over.window_name));
    }
    return names;
}

function hasRangeFrame(spec: JsonObject): boolean {
    return isObject(spec.frame) && String(spec.frame.kind).toLowerCase() === "range";
}

function windowName(name: Json | undefined): string {
    return String(isObject(name) ? name.name : name).toLowerCase();
}

function windowFunction(window: JsonObject): Json {
    const data: JsonObject = { ...window, over: nanOrderedWindow(window.over) ?? null };
    if (kindOf(data.this) !== "min") return { window_function: data };
    const min = (data.this as JsonObject).min as JsonObject;
    return nanMinimum({ window_function: data }, { window_function: { ...data, this: { max: { ...min, name: "max" } } } });
}

/** An aggregate's ORDER BY (ARRAY_AGG, STRING_AGG) with withNanOrder. */
export function aggregateOrder(data: JsonObject): Json[] {
    return withNanOrder(listOf(data.order_by));
}

function listOf(value: Json | undefined): Json[] {
    return Array.isArray(value) ? value : [];
}

/** `CASE x WHEN v` compares as BigQuery's `=` (DuckDB's matches NaN with NaN): written as `CASE WHEN x = v`. */
function simpleCase(data: JsonObject): Json {
    if (data.operand == null || !Array.isArray(data.whens)) return { case: data };
    const whens = data.whens.map((when) => {
        const [value, result] = when as Json[];
        return [call("bq_eq", [data.operand as Json, value]), result];
    });
    return { case: { ...data, operand: null, whens } };
}

/** BETWEEN is BigQuery's `>=` and `<=`, with their NaN rule (DuckDB: `1.5 BETWEEN 1 AND NaN` is true); in a filter, as a range is there. */
function between(data: JsonObject): Json {
    const { [GUARD]: guarded, ...plain } = data;
    if (guarded === "both") {
        const nanNull = (operand: Json | undefined) => call("bq_nan_null", [operand ?? null]);
        return { between: { ...plain, this: nanNull(plain.this), low: nanNull(plain.low), high: nanNull(plain.high) } };
    }
    const within = call("bq_between", [plain.this ?? null, plain.low ?? null, plain.high ?? null]);
    return plain.not === true ? { not: { this: within } } : within;
}

/**
 * Marks the `=` of a filter (WHERE, or a join's ON) that DuckDB may join by. bq_eq's NaN rule is a CASE
 * DuckDB cannot join by, so `a.k = b.k` through it is a nested loop join (a 700,000 x 15,000 row stitch took
 * 12 s, 0.6 s as a hash join). In a filter NULL and FALSE both reject a row, so there `a = b` is BigQuery's
 * equality once one operand is known not to be NaN (DuckDB's NaN equals only NaN): `a = b AND
 * bq_not_nan(b)`. The operand checked must be one DuckDB can filter on before the join: in a LEFT JOIN's
 * ON, the joined table's; in an inner join or WHERE, either. A RIGHT or FULL JOIN keeps every row of
 * the table that operand would filter, so there both operands become NULL when NaN (`bq_nan_null(a) =
 * bq_nan_null(b)`, which DuckDB hashes): NULL where bq_eq is FALSE. Only equalities reached through AND,
 * OR and parentheses are marked (under NOT or in a CASE, NULL and FALSE differ).
 *
 * `<`, `<=`, `>`, `>=`, BETWEEN and IN (not under NOT) of a filter are marked the same way, always with
 * every operand NULL when NaN (DuckDB's NaN is the greatest value, so either operand can make DuckDB's
 * comparison true). An outer join whose ON holds a condition other than a comparison of the two sides is
 * a nested loop join in DuckDB: `LEFT JOIN s ON s.k = c.k AND s.ended_at >= c.changed_from` through
 * bq_ge took 2.1 s for 2,306 x 118,435 rows, 0.06 s as a hash join.
 */
const GUARD = "__nan_guard";
const RANGE_COMPARISONS = new Set(["lt", "lte", "gt", "gte"]);

export function markFilterComparisons(select: JsonObject): void {
    if (isObject(select.where_clause)) markConjuncts(select.where_clause.this, () => "right");
    const joins = Array.isArray(select.joins) ? select.joins : [];
    for (const join of joins) {
        if (!isObject(join) || !isObject(join.on)) continue;
        const joined = tableNameOf(join.this);
        if (join.kind === "Inner") markConjuncts(join.on, (eq) => operandOf(eq, joined) ?? "right");
        if (join.kind === "Left") markConjuncts(join.on, (eq) => operandOf(eq, joined));
        if (join.kind === "Right" || join.kind === "Full") markConjuncts(join.on, () => "both");
    }
}

function markConjuncts(node: Json | undefined, side: (eq: JsonObject) => "left" | "right" | "both" | undefined): void {
    const kind = kindOf(node);
    if (!kind) return;
    const data = (node as JsonObject)[kind] as JsonObject;
    if (kind === "and" || kind === "or") {
        markConjuncts(data.left, side);
        markConjuncts(data.right, side);
    } else if (kind === "paren") {
        markConjuncts(data.this, side);
    } else if (kind === "eq") {
        const chosen = side(data);
        if (chosen) data[GUARD] = chosen;
    } else if (RANGE_COMPARISONS.has(kind) || ((kind === "between" || kind === "in") && data.not !== true)) {
        data[GUARD] = "both";
    }
}

/** The name a joined table's columns are qualified with: its alias, else its own name. */
function tableNameOf(node: Json | undefined): string | undefined {
    const kind = kindOf(node);
    if (!kind) return undefined;
    const data = (node as JsonObject)[kind] as JsonObject;
    const alias = isObject(data.alias) ? data.alias.name : undefined;
    if (typeof alias === "string") return alias.toLowerCase();
    if (kind === "table" && isObject(data.name) && typeof data.name.name === "string") return data.name.name.toLowerCase();
    return undefined;
}

/** Which operand of `=` is a column of the named table, when one is. */
function operandOf(eq: JsonObject, table: string | undefined): "left" | "right" | undefined {
    if (table === undefined) return undefined;
    const ofTable = (operand: Json | undefined) => {
        if (kindOf(operand) !== "column") return false;
        const qualifier = ((operand as JsonObject).column as JsonObject).table;
        return isObject(qualifier) && typeof qualifier.name === "string" && qualifier.name.toLowerCase() === table;
    };
    if (ofTable(eq.right)) return "right";
    if (ofTable(eq.left)) return "left";
    return undefined;
}

/** Before the rewrite (top-down): MIN(x) OVER (...) is rewritten whole (windowFunction), not as an aggregate. */
export function markWindowedMinimum(kind: string | undefined, object: JsonObject): void {
    if (kind === "window_function" && kindOf((object.window_function as JsonObject).this) === "min") {
        (((object.window_function as JsonObject).this as JsonObject).min as JsonObject)[WINDOWED] = true;
    }
}

export const nanHandlers: Record<string, Handler> = {
    eq: comparison("eq", "bq_eq"),
    neq: comparison("neq", "bq_ne"),
    lt: comparison("lt", "bq_lt"),
    lte: comparison("lte", "bq_le"),
    gt: comparison("gt", "bq_gt"),
    gte: comparison("gte", "bq_ge"),
    between,
    in: inList,
    case: simpleCase,
    min: minimum,
    window_function: windowFunction,
    string_agg: (data) => ({ string_agg: { ...data, order_by: aggregateOrder(data) } }),
    union: setOperation("union"),
    intersect: setOperation("intersect"),
    except: setOperation("except"),
};
