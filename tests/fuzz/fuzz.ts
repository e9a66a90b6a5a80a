/**
 * The differential fuzzer: generated expressions and queries (grammar.ts)
 * run on the ZetaSQL reference evaluator (BigQuery's semantics) and,
 * translated, on DuckDB. A case is equal (same column types, same values;
 * FLOAT64 to 12 significant digits; the type of a column that is NULL in
 * every row on both sides is not compared), refused (the translation refused it by
 * name, or both engines raised an error), or different: any other outcome,
 * including an answer on one side and an error on the other.
 */
import { UnsupportedSqlError } from "../../scripts/engines/errors.ts";
import type { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import type { QueryResult } from "../../scripts/engines/values.ts";
import type { ZetaSql } from "../../scripts/engines/zetasql/index.ts";
import { compareRows } from "../differential/compare.ts";
import { fuzzTable } from "./fixture.ts";
import { expressionGenerator, queryForms, Random, TYPES } from "./grammar.ts";

export interface Difference {
    seed: number;
    sql: string;
    detail: string;
}

export interface FuzzReport {
    cases: number;
    equal: number;
    refused: number;
    different: number;
    differences: Difference[];
}

type Outcome = { result: QueryResult } | { error: Error };

const EXPRESSIONS_PER_QUERY = 6;
/** One case in this many is a query form (aggregates, windows...) rather than a batch of expressions. */
const QUERY_EVERY = 5;

export async function loadFuzzTable(duckdb: DuckDbEngine): Promise<void> {
    await duckdb.loadRows({ schema: "fuzz", name: "t" }, fuzzTable.columns, fuzzTable.rows);
}

function isRefusal(error: Error): boolean {
    return error instanceof UnsupportedSqlError || error.message.includes("BigQuery construct not supported locally");
}

async function run(engine: () => Promise<QueryResult>): Promise<Outcome> {
    try {
        return { result: await engine() };
    } catch (error) {
        return { error: error as Error };
    }
}

/** Runs `cases` cases from `seed`: case k uses seed + k, so any case replays alone. */
export async function fuzz(zeta: ZetaSql, duckdb: DuckDbEngine, options: { cases: number; seed: number }): Promise<FuzzReport> {
    const report: FuzzReport = { cases: 0, equal: 0, refused: 0, different: 0, differences: [] };
    const both = async (sql: string) => {
        const zetaSide = run(() => zeta.evaluate(sql, [fuzzTable]));
        const duckSide = await run(() => duckdb.query(sql));
        return { zeta: await zetaSide, duck: duckSide };
    };
    const count = (seed: number, sql: string, outcome: "equal" | "refused" | string) => {
        report.cases++;
        if (outcome === "equal") report.equal++;
        else if (outcome === "refused") report.refused++;
        else {
            report.different++;
            if (report.differences.length < 20) report.differences.push({ seed, sql, detail: outcome });
        }
    };
    for (let index = 0; report.cases < options.cases; index++) {
        const seed = options.seed + index;
        const r = new Random(seed);
        const expression = expressionGenerator();
        if (index % QUERY_EVERY === QUERY_EVERY - 1) {
            const sql = queryForms((type) => expression(type, r), r);
            count(
                seed,
                sql,
                judge(await both(sql), (zetaResult, duckResult) => compareResults(zetaResult, duckResult)),
            );
            continue;
        }
        const expressions = Array.from({ length: Math.min(EXPRESSIONS_PER_QUERY, options.cases - report.cases) }, () =>
            expression(r.pick(TYPES), r),
        );
        const select = (items: string[]) =>
            `select ${items.map((item, position) => `${item} as c${position}`).join(", ")} from fuzz.t order by id`;
        const batch = await both(select(expressions));
        if ("result" in batch.zeta && "result" in batch.duck) {
            for (const [position, item] of expressions.entries()) {
                count(seed, select([item]), compareColumn(batch.zeta.result, batch.duck.result, `c${position}`));
            }
            continue;
        }
        // Some expression failed on a side: each alone, to tell which.
        for (const item of expressions) {
            const sql = select([item]);
            count(
                seed,
                sql,
                judge(await both(sql), (zetaResult, duckResult) => compareColumn(zetaResult, duckResult, "c0")),
            );
        }
    }
    return report;
}

function judge(outcome: { zeta: Outcome; duck: Outcome }, compare: (zeta: QueryResult, duck: QueryResult) => string): string {
    const { zeta, duck } = outcome;
    if ("error" in duck && isRefusal(duck.error)) return "refused";
    if ("error" in zeta && "error" in duck) return "refused";
    if ("error" in zeta)
        return `ZetaSQL raised "${firstLine(zeta.error)}"; DuckDB answered ${JSON.stringify((duck as { result: QueryResult }).result.rows).slice(0, 300)}`;
    if ("error" in duck)
        return `DuckDB raised "${firstLine(duck.error)}"; ZetaSQL answered ${JSON.stringify(zeta.result.rows).slice(0, 300)}`;
    return compare(zeta.result, duck.result);
}

function firstLine(error: Error): string {
    return error.message.split("\n")[0]!.slice(0, 300);
}

/** One column of two results, row by row (both ordered by the fixture's id). */
function compareColumn(zeta: QueryResult, duck: QueryResult, column: string): string {
    const zetaType = zeta.columns.find((candidate) => candidate.name === column)?.type;
    const duckType = duck.columns.find((candidate) => candidate.name === column)?.type;
    // An all-NULL column shows no type in its rows; DuckDB types some constant NULLs INT64 (docs/sql-subset.md).
    const allNull = [...zeta.rows, ...duck.rows].every((row) => row[column] === null);
    if (zetaType !== duckType && !allNull) return `types differ: ZetaSQL ${zetaType}, DuckDB ${duckType}`;
    for (const [index, zetaRow] of zeta.rows.entries()) {
        const difference = compareRows([{ [column]: duck.rows[index]?.[column] ?? null }], [{ [column]: zetaRow[column] ?? null }]);
        if (difference) return `row ${index}: ${difference}`;
    }
    return "equal";
}

/** Whole results as multisets of rows, with the columns' names and types. */
function compareResults(zeta: QueryResult, duck: QueryResult): string {
    const allNull = (name: string) => [...zeta.rows, ...duck.rows].every((row) => row[name] === null);
    const show = (result: QueryResult) =>
        result.columns.map((column) => `${column.name} ${allNull(column.name) ? "(all NULL)" : column.type}`).join(", ");
    if (show(zeta) !== show(duck)) return `columns differ: ZetaSQL ${show(zeta)}; DuckDB ${show(duck)}`;
    return compareRows(duck.rows, zeta.rows) ?? "equal";
}

export function formatReport(report: FuzzReport, seed: number): string {
    const lines = [
        `fuzz: ${report.cases} cases, ${report.equal} equal, ${report.refused} refused, ${report.different} different (seed ${seed})`,
    ];
    for (const difference of report.differences) {
        lines.push(`  seed ${difference.seed}: ${difference.sql}\n    ${difference.detail.replaceAll("\n", "\n    ")}`);
    }
    return lines.join("\n");
}
