/**
 * The input contract (raw-tables.ts) as BigQuery REST
 * resources: schema fields, time partitioning and clustering, with the
 * descriptions the project's declarations give (definitions/sources/).
 */
import type { CompiledDeclaration, CompiledGraph } from "../dataform/graph.ts";
import type { TableResource } from "../engines/bigquery/client.ts";
import { rawDataset, type RawTable } from "./raw-tables.ts";

interface Described {
    description?: string;
    columns?: { path: string[]; description?: string }[];
}

export interface TableField {
    name: string;
    type: string;
    mode: "NULLABLE";
    description?: string;
}

/** The REST resource bootstrap creates for one raw table. */
export function rawTableResource(table: RawTable, graph: CompiledGraph): TableResource {
    const descriptor = declarationDescriptor(table.name, graph);
    const resource: TableResource = { schema: { fields: rawFields(table, descriptor) } };
    if (descriptor.description) resource.description = descriptor.description;
    if (table.partitionBy) resource.timePartitioning = timePartitioning(table.partitionBy);
    if (table.clusterBy?.length) resource.clustering = { fields: table.clusterBy };
    return resource;
}

/** Schema fields in contract order; every column NULLABLE so bad input lands in raw and staging quarantines it. */
export function rawFields(table: RawTable, descriptor: Described = {}): TableField[] {
    const descriptions = new Map((descriptor.columns ?? []).map((column) => [column.path.join("."), column.description]));
    return table.columns.map((column) => {
        const description = descriptions.get(column.name);
        return { name: column.name, type: column.type, mode: "NULLABLE" as const, ...(description ? { description } : {}) };
    });
}

/**
 * A partition expression as DDL spells it -> the REST timePartitioning:
 * `col` (a DATE column), `DATE(ts)`, or `TIMESTAMP_TRUNC|DATETIME_TRUNC|DATE_TRUNC(col, HOUR|DAY|MONTH|YEAR)`.
 */
export function timePartitioning(partitionBy: string): { type: string; field: string } {
    const expression = partitionBy.trim();
    const bare = /^`?(\w+)`?$/.exec(expression);
    if (bare) return { type: "DAY", field: bare[1] };
    const date = /^date\s*\(\s*`?(\w+)`?\s*\)$/i.exec(expression);
    if (date) return { type: "DAY", field: date[1] };
    const truncated = /^(?:timestamp|datetime|date)_trunc\s*\(\s*`?(\w+)`?\s*,\s*(hour|day|month|year)\s*\)$/i.exec(expression);
    if (truncated) return { type: truncated[2].toUpperCase(), field: truncated[1] };
    throw new Error(`cannot turn partition expression "${partitionBy}" into BigQuery time partitioning`);
}

function declarationDescriptor(name: string, graph: CompiledGraph): Described {
    const dataset = rawDataset(graph);
    const declaration = (graph.declarations ?? []).find(
        (candidate) => candidate.target.schema === dataset && candidate.target.name === name,
    ) as (CompiledDeclaration & { actionDescriptor?: Described }) | undefined;
    return declaration?.actionDescriptor ?? {};
}
