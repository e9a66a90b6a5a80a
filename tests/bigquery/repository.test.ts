/** The bq tools over this repository's own models (whatever exist): every action builds, formats and dry-runs. */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BigQueryClient } from "../../scripts/engines/bigquery/client.ts";
import { projectDatasets } from "../../scripts/tracking/bootstrap.ts";
import { dryRunProject } from "../../scripts/dataform/dry-run.ts";
import { reviewFiles } from "../../scripts/dataform/review-files.ts";
import { graphActions } from "../../scripts/dataform/actions.ts";
import { compileProject } from "../../scripts/dataform/compile.ts";
import type { CompiledGraph } from "../../scripts/dataform/graph.ts";
import { FakeBigQuery, staticTokenAuthClient } from "./fake-bigquery.ts";

const root = join(import.meta.dirname, "..", "..");
let graph: CompiledGraph;
const fake = new FakeBigQuery();
let endpoint: string;

beforeAll(async () => {
    graph = await compileProject(root);
    endpoint = await fake.start();
});
afterAll(() => fake.stop());

describe("this repository on BigQuery", () => {
    it("bootstraps raw, the layer datasets and the assertion dataset", () => {
        const { vars = {}, assertionSchema } = graph.projectConfig;
        expect(projectDatasets(graph)).toEqual([
            vars.raw_dataset,
            ...[vars.intermediate_dataset, vars.marts_dataset, vars.staging_dataset, assertionSchema].sort(),
        ]);
    });

    it("writes formatted SQL for every action, none left unparsed by sql-formatter", () => {
        const files = reviewFiles(graph);
        const actions = graphActions(graph);
        expect(new Set(files.map((file) => file.action))).toEqual(new Set(actions.map((action) => action.name)));
        expect(files.filter((file) => file.sql.includes("sql-formatter could not parse")).map((file) => file.path)).toEqual([]);
    });

    it("dry-runs every enabled action with one estimate each", async () => {
        fake.dryRun = (query) => ({ bytes: query.length });
        const client = await BigQueryClient.open({
            projectId: "my-gcp-project",
            location: "EU",
            apiEndpoint: endpoint,
            authClient: staticTokenAuthClient(),
        });
        const estimates = await dryRunProject(client, graph);
        expect(estimates.filter((estimate) => estimate.error)).toEqual([]);
        const enabled = graphActions(graph).filter((action) => !action.disabled);
        const estimated = estimates.filter((estimate) => estimate.variant === "full" && estimate.bytes !== undefined);
        expect(estimated.map((estimate) => estimate.action)).toEqual(enabled.map((action) => action.name));
        expect(estimated.every((estimate) => estimate.bytes! > 0)).toBe(true);
    });
});
