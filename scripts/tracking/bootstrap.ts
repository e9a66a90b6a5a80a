/** `bq bootstrap`: the datasets the project writes to and the raw tables it reads, created when missing, left alone when present. */
import type { CompiledGraph } from "../dataform/graph.ts";
import type { BigQueryClient } from "../engines/bigquery/client.ts";
import { rawTableResource } from "./raw-tables-bigquery.ts";
import { RAW_TABLES, rawDataset } from "./raw-tables.ts";

export interface Created {
    name: string;
    created: boolean;
}

export interface BootstrapReport {
    datasets: Created[];
    tables: Created[];
}

/** The raw dataset, every dataset a compiled action writes to, and the assertion dataset; raw first, then by name. */
export function projectDatasets(graph: CompiledGraph): string[] {
    const targets = [...(graph.tables ?? []), ...(graph.operations ?? []), ...(graph.assertions ?? [])].map(
        (action) => action.target.schema,
    );
    const written = new Set([...targets, graph.projectConfig.assertionSchema ?? "dataform_assertions"].filter(Boolean));
    const raw = rawDataset(graph);
    written.delete(raw);
    return [raw, ...[...written].sort()];
}

export async function bootstrap(client: BigQueryClient, graph: CompiledGraph): Promise<BootstrapReport> {
    const datasets: Created[] = [];
    for (const dataset of projectDatasets(graph)) {
        const exists = await client.datasetExists(dataset);
        if (!exists) await client.createDataset(dataset);
        datasets.push({ name: dataset, created: !exists });
    }
    const raw = rawDataset(graph);
    const tables: Created[] = [];
    for (const table of RAW_TABLES) {
        const exists = await client.tableExists(raw, table.name);
        if (!exists) await client.createTable(raw, table.name, rawTableResource(table, graph));
        tables.push({ name: `${raw}.${table.name}`, created: !exists });
    }
    return { datasets, tables };
}
