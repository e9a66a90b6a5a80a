/**
 * What the report shows, as data: the lineage of a compiled project with
 * each action's documentation, SQL and last run, plus pages of charts and
 * tables that the caller computes (tracking/report-pages.ts for this
 * repository). The site (site/app.js) draws it; nothing here knows HTML.
 */
import { graphActions, type Action } from "../dataform/actions.ts";
import { targetName, type ActionDescriptor, type CompiledGraph } from "../dataform/graph.ts";
import type { ActionRecord, RunRecord } from "../dataform/run-log.ts";

export interface ReportNode {
    /** Dataform's name of the action: `project.dataset.name`. */
    id: string;
    label: string;
    dataset: string;
    kind: Action["kind"] | "declaration";
    /** The colour group: a layer tag (staging, intermediate, marts, ...), "source" or "assertion". */
    layer: string;
    description: string | null;
    columns: { name: string; description: string | null }[];
    sql: string | null;
    fileName: string | null;
    tags: string[];
    /** Rows the table holds in the warehouse now (null for views, assertions, operations and missing tables). */
    rows: number | null;
    lastRun: Pick<ActionRecord, "status" | "startedAt" | "seconds" | "rows" | "error"> | null;
    /** The assertions that check this action (their parentAction, or a dependency on it), with their last results. */
    assertions: { id: string; label: string; status: ActionRecord["status"] | null }[];
}

/** One chart, in a shape any chart library draws: x labels and series of numbers. */
export interface ReportChart {
    id: string;
    title: string;
    /** line, bar, stacked bar, or bars with line series on a second axis (`axis: "right"`). */
    kind: "line" | "bar" | "stacked-bar";
    labels: string[];
    series: { label: string; data: (number | null)[]; type?: "line" | "bar"; axis?: "left" | "right" }[];
    note?: string;
}

export interface ReportTable {
    id: string;
    title: string;
    columns: string[];
    rows: (string | number | null)[][];
}

export interface ReportPage {
    id: string;
    title: string;
    intro?: string;
    charts: ReportChart[];
    tables: ReportTable[];
}

export interface ReportData {
    title: string;
    generatedAt: string;
    project: string;
    warehouse: string;
    run: Pick<RunRecord, "id" | "command" | "startedAt" | "seconds" | "ok" | "counts"> | null;
    nodes: ReportNode[];
    edges: { from: string; to: string }[];
    pages: ReportPage[];
}

/** The lineage graph: every action and declaration, an edge per dependency, each node with its last run. */
export function lineage(
    graph: CompiledGraph,
    run: RunRecord | undefined,
    rowsByName: Map<string, number>,
): Pick<ReportData, "nodes" | "edges"> {
    const actions = graphActions(graph);
    const lastRun = new Map(run?.actions.map((action) => [action.name, action]));
    const assertionsOf = new Map<string, ReportNode["assertions"]>();
    for (const action of actions) {
        if (action.kind !== "assertion") continue;
        const parent = action.assertion.parentAction ? [targetName(action.assertion.parentAction)] : action.dependencies;
        for (const name of parent) {
            const list = assertionsOf.get(name) ?? [];
            list.push({ id: action.name, label: action.target.name, status: lastRun.get(action.name)?.status ?? null });
            assertionsOf.set(name, list);
        }
    }
    const node = (
        id: string,
        kind: ReportNode["kind"],
        layer: string,
        descriptor: ActionDescriptor | undefined,
        extra: Pick<ReportNode, "sql" | "fileName" | "tags">,
    ): ReportNode => {
        const record = lastRun.get(id);
        return {
            id,
            label: id.split(".").at(-1)!,
            dataset: id.split(".").at(-2)!,
            kind,
            layer,
            description: descriptor?.description ?? null,
            columns: (descriptor?.columns ?? []).map((column) => ({
                name: column.path.join("."),
                description: column.description ?? null,
            })),
            ...extra,
            rows: rowsByName.get(id) ?? null,
            lastRun: record
                ? { status: record.status, startedAt: record.startedAt, seconds: record.seconds, rows: record.rows, error: record.error }
                : null,
            assertions: assertionsOf.get(id) ?? [],
        };
    };
    const nodes = [
        ...(graph.declarations ?? []).map((declaration) =>
            node(targetName(declaration.target), "declaration", "source", declaration.actionDescriptor, {
                sql: null,
                fileName: declaration.fileName ?? null,
                tags: [],
            }),
        ),
        ...actions.map((action) => {
            const compiled = action.kind === "operation" ? action.operation : action.kind === "assertion" ? action.assertion : action.table;
            const sql =
                action.kind === "operation"
                    ? (action.operation.queries ?? []).join("\n---\n")
                    : "query" in compiled
                      ? compiled.query
                      : null;
            return node(action.name, action.kind, layerOf(action), compiled.actionDescriptor, {
                sql,
                fileName: action.fileName ?? null,
                tags: compiled.tags ?? [],
            });
        }),
    ];
    const known = new Set(nodes.map((entry) => entry.id));
    const edges = actions.flatMap((action) =>
        action.dependencies.filter((name) => known.has(name)).map((from) => ({ from, to: action.name })),
    );
    return { nodes, edges };
}

const LAYERS = ["staging", "intermediate", "marts"];

function layerOf(action: Action): string {
    if (action.kind === "assertion") return "assertion";
    const tags = (action.kind === "operation" ? action.operation.tags : action.table.tags) ?? [];
    return tags.find((tag) => LAYERS.includes(tag)) ?? action.target.schema;
}

/** Long rows (x, series, value) as a chart's labels and one series per distinct series value; a missing cell is null. */
export function pivot(
    rows: Record<string, unknown>[],
    x: string,
    seriesKey: string,
    value: string,
): Pick<ReportChart, "labels" | "series"> {
    const labels = [...new Set(rows.map((row) => String(row[x])))].sort();
    const names = [...new Set(rows.map((row) => String(row[seriesKey])))];
    const cells = new Map(rows.map((row) => [`${row[x]}\u0000${row[seriesKey]}`, row[value] === null ? null : Number(row[value])]));
    return {
        labels,
        series: names.map((name) => ({ label: name, data: labels.map((label) => cells.get(`${label}\u0000${name}`) ?? null) })),
    };
}

/** Wide rows (x and one column per series) as a chart's labels and series. */
export function columnsAsSeries(
    rows: Record<string, unknown>[],
    x: string,
    columns: { column: string; label: string }[],
): Pick<ReportChart, "labels" | "series"> {
    return {
        labels: rows.map((row) => String(row[x])),
        series: columns.map(({ column, label }) => ({
            label,
            data: rows.map((row) => (row[column] === null ? null : Number(row[column]))),
        })),
    };
}
