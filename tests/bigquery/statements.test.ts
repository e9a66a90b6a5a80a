import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../scripts/dataform/compile.ts";
import type { CompiledGraph, CompiledTable } from "../../scripts/dataform/graph.ts";
import { rawTableResource, timePartitioning } from "../../scripts/tracking/raw-tables-bigquery.ts";
import { RAW_TABLES } from "../../scripts/tracking/raw-tables.ts";
import { graphActions, type Action } from "../../scripts/dataform/actions.ts";
import { BigQuerySql, concatenateQueries } from "../../scripts/dataform/bigquery-sql.ts";
import { actionStatements } from "../../scripts/dataform/statements.ts";

const fixture = join(import.meta.dirname, "fixture");
let graph: CompiledGraph;
let sql: BigQuerySql;
const action = (name: string) => graphActions(graph).find((candidate) => candidate.target.name === name)!;
const table = (name: string) => (action(name) as Extract<Action, { table: CompiledTable }>).table;
/** The BigQuery jobs of an action: a first run, or with `columns` an incremental run over an existing table. */
const jobs = (of: Action, columns?: string[], tempTableId = "x") =>
    sql.jobs(of.kind, actionStatements(of, columns ? { kind: "table", columns } : undefined).statements, tempTableId);

beforeAll(async () => {
    graph = await compileProject(fixture);
    sql = new BigQuerySql(graph.projectConfig);
});

describe("Dataform's statements, rebuilt from the compiled graph", () => {
    it("lists every action once with its kind, disabled ones included", () => {
        const kinds = Object.fromEntries(graphActions(graph).map((action) => [action.target.name, action.kind]));
        expect(kinds).toEqual({
            daily_events: "table",
            events_appended: "incremental",
            events_merged: "incremental",
            recent_events: "view",
            housekeeping: "operation",
            assert_no_future_events: "assertion",
        });
    });

    it("builds a table as pre-ops; create or replace with partition, cluster and options; post-ops, in one job", () => {
        const daily = table("daily_events");
        const [job] = jobs(action("daily_events"));
        const create = `create or replace table \`bq-fixture.warehouse.daily_events\` partition by event_date cluster by event_name OPTIONS(require_partition_filter=true)as ${daily.query}`;
        expect(job).toBe(`${daily.preOps![0].trim()};\n${create.trim()};\n${daily.postOps![0].trim()}`);
    });

    it("merges a uniqueKey incremental on its keys and the update partition filter, listing the existing columns", () => {
        const merged = table("events_merged");
        const [job] = jobs(action("events_merged"), ["event_id", "received_at"]);
        expect(job).toMatch(/^merge `bq-fixture\.warehouse\.events_merged` DATAFORM_DEST\nusing \(/);
        expect(job).toContain(merged.incrementalQuery!.trim().slice(0, 40));
        expect(job).toContain(
            `on DATAFORM_DEST.event_id = DATAFORM_SOURCE.event_id and DATAFORM_DEST.${merged.bigquery!.updatePartitionFilter}`,
        );
        expect(job).toContain("update set `event_id` = DATAFORM_SOURCE.event_id,`received_at` = DATAFORM_SOURCE.received_at");
        expect(job).toContain("insert (`event_id`,`received_at`) values (`event_id`,`received_at`)");
    });

    it("inserts a keyless incremental's incremental query into the listed columns", () => {
        const appended = table("events_appended");
        const [job] = jobs(action("events_appended"), ["event_id", "received_at"]);
        expect(job.replace(/\t/g, "")).toBe(
            `insert into \`bq-fixture.warehouse.events_appended\`\n(\`event_id\`,\`received_at\`)\nselect \`event_id\`,\`received_at\`\nfrom (${appended.incrementalQuery}) as insertions`,
        );
        expect(appended.incrementalQuery).toContain("select max(received_at)");
    });

    it("replaces the partitions present in the new data for insert_overwrite", () => {
        const merged = action("events_merged") as Extract<Action, { table: CompiledTable }>;
        const overwrite = { ...merged, table: { ...merged.table, uniqueKey: undefined, incrementalStrategy: "INSERT_OVERWRITE" as const } };
        const [job] = jobs(overwrite, ["event_id"], "abc");
        expect(job).toContain("CREATE OR REPLACE TEMP TABLE `staging_table_temp_abc` AS (");
        expect(job).toContain("SELECT DISTINCT date(received_at)\n      FROM `staging_table_temp_abc`");
        expect(job).toContain(
            "WHEN NOT MATCHED BY SOURCE AND date(received_at) IN UNNEST(partitions_for_replacement) and DATAFORM_DEST.received_at >=",
        );
        expect(job.trim().endsWith("DROP TABLE IF EXISTS `staging_table_temp_abc`;")).toBe(true);
    });

    it("turns an assertion into its view and the row count Dataform fails on", () => {
        const assertion = graph.assertions![0];
        const [view, count] = jobs(action(assertion.target.name));
        expect(view.trim()).toBe(
            `create or replace view \`bq-fixture.warehouse_assertions.assert_no_future_events\` as ${assertion.query}`.trim(),
        );
        expect(count).toBe("select sum(1) as row_count from `bq-fixture.warehouse_assertions.assert_no_future_events`");
    });

    it("joins statements like Dataform: trimmed, empty ones dropped, `;` before a last-line comment", () => {
        expect(concatenateQueries(["  select 1  ", "", "select 2 -- two", "select 3"])).toBe("select 1;\nselect 2; -- two\nselect 3");
        expect(concatenateQueries(["select 1;", "select 2"])).toBe("select 1;\nselect 2");
    });
});

describe("raw tables as BigQuery resources", () => {
    it("reads partition expressions the way BigQuery's DDL does", () => {
        expect(timePartitioning("DATE(received_at)")).toEqual({ type: "DAY", field: "received_at" });
        expect(timePartitioning("spend_date")).toEqual({ type: "DAY", field: "spend_date" });
        expect(timePartitioning("timestamp_trunc(ts, HOUR)")).toEqual({ type: "HOUR", field: "ts" });
        expect(() => timePartitioning("range_bucket(id, generate_array(0, 100, 10))")).toThrow(/cannot turn/);
    });

    it("carries the declaration's descriptions into the schema", () => {
        const events = RAW_TABLES.find((candidate) => candidate.name === "events")!;
        const resource = rawTableResource(events, graph);
        expect(resource.description).toBe("Raw events as the collector received them.");
        const fields = resource.schema!.fields!;
        expect(fields.find((field) => field.name === "event_id")?.description).toBe("Producer's event id.");
        expect(fields.find((field) => field.name === "payload")?.description).toBeUndefined();
    });
});
