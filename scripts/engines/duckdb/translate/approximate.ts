import { expr, type Json } from "./ast.ts";
import type { Rewrite } from "./datetime.ts";
import { UnsupportedSqlError } from "../../errors.ts";

/**
 * BigQuery's approximate aggregates return estimates (HyperLogLog++, KLL
 * sketches). Locally they are computed exactly: the answer BigQuery's
 * estimate approximates, and the one it gives on small inputs. The ZetaSQL
 * reference evaluator does not implement them, so the conformance cases
 * compare with BigQuery's documented examples and with the exact forms on
 * the oracle (tests/translation/cases-approximate.ts).
 * https://cloud.google.com/bigquery/docs/reference/standard-sql/approximate_aggregate_functions
 */

/** The aggregate's flags, which a plain call loses: DISTINCT and IGNORE/RESPECT NULLS. */
export interface AggregateFlags {
    distinct?: boolean;
    respectNulls?: boolean;
}

function quantiles(args: Json[], flags: AggregateFlags): Json {
    if (flags.respectNulls) throw new UnsupportedSqlError("APPROX_QUANTILES with RESPECT NULLS");
    const distinct = flags.distinct ? "DISTINCT " : "";
    // The boundaries: the minimum, then for i = 1..q the value at rank ceil(i * n / q), as the documented examples give.
    return expr(`bq_quantiles(list(${distinct}$0 ORDER BY $0) FILTER (WHERE $0 IS NOT NULL), $1)`, args[0], args[1]);
}

function topCount(args: Json[], flags: AggregateFlags): Json {
    if (flags.distinct) throw new UnsupportedSqlError("APPROX_TOP_COUNT with DISTINCT");
    return expr("bq_top_count(list($0), $1)", args[0], args[1]);
}

export type AggregateRewrite = (args: Json[], flags: AggregateFlags) => Json;

export const approximateAggregates: Record<string, AggregateRewrite> = {
    approx_count_distinct: (args) => expr("count(DISTINCT $0)", args[0]),
    approx_quantiles: quantiles,
    approx_top_count: topCount,
};

/** For the function list; calls arrive through rewriteAggregate, which passes the flags. */
export const approximateRewrites: Record<string, Rewrite> = Object.fromEntries(
    Object.entries(approximateAggregates).map(([name, rewrite]) => [name, (args: Json[]) => rewrite(args, {})]),
);
