/**
 * Compares what two engines hold after running the same project: each
 * target's kind, columns and rows (as a multiset: row order is not part of a
 * BigQuery result). Canonical values compare exactly, so NUMERIC, timestamps
 * and INT64 must match to the last digit; FLOAT64 compares to 12 significant
 * digits, as two engines may add floats in different orders.
 */
import type { Engine, RelationKind, Target } from "../../scripts/engines/engine.ts";
import type { Column, Row, SqlValue } from "../../scripts/engines/values.ts";

const FLOAT_DIGITS = 12;
const SHOWN_ROWS = 3;

/** One message per difference, naming the table, the column and the first differing rows; [] when equal. */
export async function compareWarehouses(duckdb: Engine, zetasql: Engine, targets: Target[]): Promise<string[]> {
    // The ZetaSQL server evaluates several relations at once (views are evaluated, not stored), while
    // DuckDB's single connection takes them in turn: read both sides concurrently, DuckDB's in order.
    const zetaSide = inParallel(targets, ZETASQL_READERS, (target) => readSide(zetasql, target));
    const duckSide: Side[] = [];
    for (const target of targets) duckSide.push(await readSide(duckdb, target));
    const zeta = await zetaSide;
    return targets.flatMap((target, index) => compareSides(`${target.schema}.${target.name}`, duckSide[index]!, zeta[index]!));
}

const ZETASQL_READERS = 4;

/** Columns holding the wall clock of the run (mart_assertion_results): each engine ran at its own instant, so only their presence compares. */
const WALL_CLOCK_COLUMNS = ["run_at", "run_date"];
const withoutWallClock = (rows: Row[]): Row[] =>
    rows.map((row) =>
        Object.fromEntries(
            Object.entries(row).map(([column, value]) => [
                column,
                WALL_CLOCK_COLUMNS.includes(column) && value !== null ? "<run time>" : value,
            ]),
        ),
    );

/** What one engine holds for a target: nothing, or its kind, columns and rows (or the error reading them). */
type Side = { kind: undefined } | { kind: RelationKind; columns: Column[]; rows: Row[] | Error };

async function readSide(engine: Engine, target: Target): Promise<Side> {
    const kind = await engine.relationKind(target);
    if (!kind) return { kind };
    const columns = await engine.columns(target).catch(() => []);
    // A view that fails on one engine (say, a division by zero BigQuery may hit) is a difference, not a crash of the comparison.
    const rows = await engine.query(`select * from \`${target.schema}.${target.name}\``).then(
        (result) => withoutWallClock(result.rows),
        (error: Error) => error,
    );
    return { kind, columns, rows };
}

function compareSides(name: string, duck: Side, zeta: Side): string[] {
    if (duck.kind !== zeta.kind) return [`${name}: duckdb has ${duck.kind ?? "nothing"}, zetasql has ${zeta.kind ?? "nothing"}`];
    if (!duck.kind || !zeta.kind) return [];
    const columnProblem = compareColumns(name, duck.columns, zeta.columns);
    if (columnProblem) return [columnProblem];
    if (duck.rows instanceof Error || zeta.rows instanceof Error) {
        const show = (rows: Row[] | Error) => (rows instanceof Error ? `error: ${rows.message.split("\n")[0]}` : `${rows.length} rows`);
        return [`${name}: duckdb ${show(duck.rows)}; zetasql ${show(zeta.rows)}`];
    }
    const difference = compareRows(duck.rows, zeta.rows);
    return difference ? [`${name}: ${difference}`] : [];
}

async function inParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index]!);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

function compareColumns(name: string, duck: Column[], zeta: Column[]): string | undefined {
    const show = (columns: Column[]) => columns.map((column) => `${column.name} ${column.type}`).join(", ");
    if (show(duck) === show(zeta)) return undefined;
    return `${name}: columns differ\n  duckdb:  ${show(duck)}\n  zetasql: ${show(zeta)}`;
}

/** Multiset difference of two row lists; undefined when equal. */
export function compareRows(duck: Row[], zeta: Row[]): string | undefined {
    const onlyDuck = without(duck, zeta);
    const onlyZeta = without(zeta, duck);
    if (onlyDuck.length === 0 && onlyZeta.length === 0) return undefined;
    const column = onlyDuck[0] && onlyZeta[0] ? firstDifferingColumn(onlyDuck[0], onlyZeta[0]) : undefined;
    const show = (rows: Row[]) =>
        rows
            .slice(0, SHOWN_ROWS)
            .map((row) => `\n    ${JSON.stringify(row)}`)
            .join("") || " none";
    return (
        `${duck.length} rows on duckdb, ${zeta.length} on zetasql` +
        (column ? `; first difference in column ${column}` : "") +
        `\n  only on duckdb (${onlyDuck.length}):${show(onlyDuck)}` +
        `\n  only on zetasql (${onlyZeta.length}):${show(onlyZeta)}`
    );
}

/** Rows of `rows` left after taking out one equal row of `other` for each. */
function without(rows: Row[], other: Row[]): Row[] {
    const available = new Map<string, number>();
    for (const row of other) available.set(rowKey(row), (available.get(rowKey(row)) ?? 0) + 1);
    return rows.filter((row) => {
        const count = available.get(rowKey(row)) ?? 0;
        if (count > 0) available.set(rowKey(row), count - 1);
        return count === 0;
    });
}

function firstDifferingColumn(a: Row, b: Row): string | undefined {
    const names = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return names.find((name) => valueKey(a[name] ?? null) !== valueKey(b[name] ?? null));
}

function rowKey(row: Row): string {
    return JSON.stringify(Object.keys(row).map((name) => [name, valueKey(row[name] ?? null)]));
}

/** Values as comparable text: floats rounded to FLOAT_DIGITS significant digits, everything else exact. */
function valueKey(value: SqlValue): string {
    if (typeof value === "number") return Number.isFinite(value) ? `float:${Number(value.toPrecision(FLOAT_DIGITS))}` : `float:${value}`;
    if (Array.isArray(value)) return `[${value.map(valueKey).join(",")}]`;
    if (value && typeof value === "object")
        return `{${Object.entries(value)
            .map(([field, item]) => `${field}:${valueKey(item)}`)
            .join(",")}}`;
    return JSON.stringify(value);
}

/** The tables and views a warehouse holds, for listing what a run left there. */
export async function targetsOf(engine: Engine): Promise<Target[]> {
    return (await engine.relations()).map(({ target }) => target);
}

/** The union of two target lists, each once (names compare case-insensitively, as both warehouses do). */
export function unionOfTargets(...lists: Target[][]): Target[] {
    const byKey = new Map<string, Target>();
    for (const target of lists.flat())
        byKey.set(`${target.schema}.${target.name}`.toLowerCase(), { schema: target.schema, name: target.name });
    return [...byKey.values()].sort((a, b) => `${a.schema}.${a.name}`.localeCompare(`${b.schema}.${b.name}`));
}
