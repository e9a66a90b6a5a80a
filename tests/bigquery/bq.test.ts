import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { format } from "sql-formatter";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runBq } from "../../scripts/commands/bq.ts";
import { compileProject } from "../../scripts/dataform/compile.ts";
import type { CompiledGraph } from "../../scripts/dataform/graph.ts";
import { rawFields } from "../../scripts/tracking/raw-tables-bigquery.ts";
import { RAW_TABLES } from "../../scripts/tracking/raw-tables.ts";
import { FakeBigQuery, staticTokenAuthClient } from "./fake-bigquery.ts";

const root = join(import.meta.dirname, "..", "..");
const fixture = join(import.meta.dirname, "fixture");
const scratch = mkdtempSync(join(tmpdir(), "bq-"));
let fake: FakeBigQuery;
let endpoint: string;
let graph: CompiledGraph;

/** `npm run bq -- ...` in process, against the fake, with the static-token client; output lines collected. */
async function bq(...argv: string[]): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    const code = await runBq([...argv, "--project", fixture], {
        apiEndpoint: endpoint,
        authClient: staticTokenAuthClient(),
        print: (line) => lines.push(line),
        compile: async () => graph,
    });
    return { code, lines };
}

beforeAll(async () => {
    graph = await compileProject(fixture);
});

beforeEach(async () => {
    fake = new FakeBigQuery();
    endpoint = await fake.start();
});

afterEach(() => fake.stop());
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("bq bootstrap", () => {
    it("creates the raw dataset (var raw_dataset), the graph's datasets and the assertion dataset, in the project's location", async () => {
        const { code } = await bq("bootstrap");
        expect(code).toBe(0);
        const created = fake.calls("POST", /^\/bigquery\/v2\/projects\/bq-fixture\/datasets$/).map((request) => request.body);
        expect(created.map((body) => body.datasetReference.datasetId)).toEqual(["landing", "warehouse", "warehouse_assertions"]);
        expect(created.every((body) => body.location === "EU" && body.datasetReference.projectId === "bq-fixture")).toBe(true);
    });

    it("creates every raw table with the contract's schema, partitioning and clustering", async () => {
        await bq("bootstrap");
        const created = fake
            .calls("POST", /^\/bigquery\/v2\/projects\/bq-fixture\/datasets\/landing\/tables$/)
            .map((request) => request.body);
        expect(created.map((body) => body.tableReference.tableId)).toEqual(RAW_TABLES.map((table) => table.name));
        const events = created.find((body) => body.tableReference.tableId === "events");
        expect(events.timePartitioning).toEqual({ type: "DAY", field: "received_at" });
        expect(events.clustering).toEqual({ fields: ["event_name", "anonymous_id"] });
        expect(events.schema.fields.map((field: { name: string; type: string }) => `${field.name} ${field.type}`)).toEqual(
            RAW_TABLES[0].columns.map((column) => `${column.name} ${column.type}`),
        );
        expect(events.schema.fields[0].description).toBe("Producer's event id.");
        const adSpend = created.find((body) => body.tableReference.tableId === "ad_spend");
        expect(adSpend.timePartitioning).toEqual({ type: "DAY", field: "spend_date" });
        const products = created.find((body) => body.tableReference.tableId === "products");
        expect(products.timePartitioning).toBeUndefined();
        expect(products.clustering).toBeUndefined();
    });

    it("is idempotent: a second run creates nothing and reports what exists", async () => {
        await bq("bootstrap");
        const before = fake.requests.filter((request) => request.method === "POST").length;
        const { code, lines } = await bq("bootstrap");
        expect(code).toBe(0);
        expect(fake.requests.filter((request) => request.method === "POST").length).toBe(before);
        expect(lines.filter((line) => line.includes("exists, left as it is"))).toHaveLength(3 + RAW_TABLES.length);
    });
});

describe("bq load", () => {
    const events = [
        { event_id: "e1", event_name: "page_view", received_at: "2024-01-01T00:00:00Z", schema_version: 2 },
        { event_id: "e2", event_name: "purchase", received_at: "2024-01-01T00:01:00Z", schema_version: 2 },
    ];
    const ndjson = (rows: object[]) => rows.map((row) => JSON.stringify(row)).join("\n") + "\n";

    function folder(name: string, files: Record<string, string>): string {
        const dir = join(scratch, name);
        mkdirSync(dir, { recursive: true });
        for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
        return dir;
    }

    it("sends one load job per file present, with the contract schema and the file's contents, appending", async () => {
        const dir = folder("append", {
            "events.ndjson": ndjson(events),
            "fx_rates.ndjson": ndjson([{ rate_date: "2024-01-01", currency: "EUR", usd_rate: "1.1" }]),
        });
        await bq("bootstrap");
        const { code, lines } = await bq("load", "--dir", dir);
        expect(code).toBe(0);
        const uploads = fake.calls("POST", /^\/upload\/bigquery\/v2\/projects\/bq-fixture\/jobs$/);
        expect(uploads.map((request) => request.upload!.metadata.configuration.load.destinationTable.tableId)).toEqual([
            "events",
            "fx_rates",
        ]);
        const load = uploads[0].upload!.metadata.configuration.load;
        expect(load.sourceFormat).toBe("NEWLINE_DELIMITED_JSON");
        expect(load.writeDisposition).toBe("WRITE_APPEND");
        expect([load.maxBadRecords, load.ignoreUnknownValues]).toEqual([0, false]);
        expect(load.destinationTable.datasetId).toBe("landing");
        expect(load.schema.fields).toEqual(rawFields(RAW_TABLES[0]));
        expect(load.timePartitioning).toEqual({ type: "DAY", field: "received_at" });
        expect(uploads[0].upload!.data).toBe(readFileSync(join(dir, "events.ndjson"), "utf8"));
        expect(uploads[0].query.get("uploadType")).toBe("multipart");
        expect(lines.some((line) => /events\.ndjson -> bq-fixture\.landing\.events: 2 rows appended/.test(line))).toBe(true);
    });

    it("replaces with --replace (WRITE_TRUNCATE), and passes --max-bad-records and --ignore-unknown-values as the local load takes them", async () => {
        const dir = folder("replace", { "orders.ndjson": ndjson([{ order_id: "o1", status: "completed" }]) });
        await bq("bootstrap");
        expect((await bq("load", "--dir", dir, "--replace", "--max-bad-records", "3", "--ignore-unknown-values")).code).toBe(0);
        const [upload] = fake.calls("POST", /^\/upload\//);
        const load = upload.upload!.metadata.configuration.load;
        expect([load.writeDisposition, load.maxBadRecords, load.ignoreUnknownValues]).toEqual(["WRITE_TRUNCATE", 3, true]);
    });

    it("reports BigQuery's row errors with the file line their byte position falls on, and fails", async () => {
        const dir = folder("bad", { "events.ndjson": ndjson(events) + '{"event_id": "e3", "colour": "red"}\n' });
        await bq("bootstrap");
        const { code, lines } = await bq("load", "--dir", dir);
        expect(code).toBe(1);
        expect(lines.some((line) => line.includes("events.ndjson -> bq-fixture.landing.events: FAILED"))).toBe(true);
        expect(lines.some((line) => /\[line 3, file-00000000\] .*No such field: colour/.test(line))).toBe(true);
    });

    it("refuses a folder without any contract file", async () => {
        await expect(bq("load", "--dir", folder("empty", {}))).rejects.toThrow(/holds none of events\.ndjson/);
    });
});

describe("bq dry-run", () => {
    /** Bytes per action, told apart by the target each statement writes or reads. */
    const bytesByTarget: Record<string, number> = {
        "warehouse.daily_events": 4_000,
        "warehouse.events_merged": 7_000_000,
        "warehouse.events_appended": 2_000,
        "warehouse.recent_events": 0,
        run_log: 10,
        "warehouse_assertions.assert_no_future_events": 0,
    };

    beforeEach(() => {
        fake.dryRun = (query) => {
            if (/^select sum\(1\) as row_count from \(/.test(query)) return { bytes: 300 };
            const written =
                /(?:create or replace (?:table|view)|merge|insert into|create table if not exists)\s+`?(?:bq-fixture\.)?([\w.]+)`?/i.exec(
                    query,
                )?.[1];
            const key = Object.keys(bytesByTarget).find((name) => written?.endsWith(name));
            return key ? { bytes: bytesByTarget[key] } : { error: `fake: no answer for ${query.slice(0, 60)}` };
        };
    });

    it("prints each action's bytes from BigQuery's answers, skips incremental variants of missing tables, and totals", async () => {
        const { code, lines } = await bq("dry-run");
        expect(code).toBe(0);
        const line = (name: string) => lines.find((candidate) => candidate.trimEnd().endsWith(name)) ?? "";
        expect(line("bq-fixture.warehouse.daily_events")).toMatch(/^\s+4000 B \(3\.9 KiB\)\s+table\s/);
        expect(line("bq-fixture.warehouse.events_merged")).toMatch(/^\s+7000000 B \(6\.7 MiB\)\s+incremental\s/);
        expect(line("bq-fixture.warehouse.housekeeping")).toMatch(/^\s+20 B\s+operation\s/);
        expect(line("bq-fixture.warehouse_assertions.assert_no_future_events")).toMatch(/^\s+300 B\s+assertion\s/);
        expect(lines.find((candidate) => candidate.includes("events_merged (incremental)"))).toMatch(/skipped, target does not exist yet/);
        expect(lines).toContain(`Total, full refresh:   ${4_000 + 7_000_000 + 2_000 + 0 + 20 + 300} B (6.7 MiB)`);
    });

    it("sends the statements Dataform would: the create job whole, and the incremental merge over the existing table's columns", async () => {
        fake.tables.set("bq-fixture.warehouse.events_merged", {
            tableReference: { projectId: "bq-fixture", datasetId: "warehouse", tableId: "events_merged" },
            schema: {
                fields: [
                    { name: "event_id", type: "STRING" },
                    { name: "received_at", type: "TIMESTAMP" },
                    { name: "event_name", type: "STRING" },
                ],
            },
        });
        const { lines } = await bq("dry-run");
        const jobs = fake.calls("POST", /\/jobs$/);
        expect(jobs.every((request) => request.body.configuration.dryRun === true)).toBe(true);
        const queries = jobs.map((request) => request.body.configuration.query.query as string);
        const daily = queries.find((query) => query.includes("daily_events"))!;
        expect(daily).toMatch(
            /^declare cutoff date default date '2024-01-01';\ncreate or replace table `bq-fixture\.warehouse\.daily_events` partition by event_date cluster by event_name OPTIONS\(require_partition_filter=true\)as /,
        );
        expect(daily.trimEnd()).toMatch(
            /;\nalter table `bq-fixture\.warehouse\.daily_events` set options \(description = 'Events per day and name\.'\)$/,
        );
        const merge = queries.find((query) => query.trimStart().startsWith("merge"))!;
        expect(merge).toContain("insert (`event_id`,`received_at`,`event_name`) values (`event_id`,`received_at`,`event_name`)");
        expect(merge).toContain("where received_at > timestamp_sub(current_timestamp(), interval 3 day)");
        expect(lines.find((line) => line.includes("events_merged (incremental)"))).toMatch(/^\s+7000000 B/);
    });

    it("fails when an action is over --max-bytes, naming it, and passes under it", async () => {
        const over = await bq("dry-run", "--max-bytes", "1MB");
        expect(over.code).toBe(1);
        expect(over.lines.at(-1)).toMatch(/1 action\(s\) over --max-bytes 1000000 B .*: bq-fixture\.warehouse\.events_merged$/);
        expect((await bq("dry-run", "--max-bytes", "10MB")).code).toBe(0);
    });

    it("reports a query BigQuery rejects and fails", async () => {
        fake.dryRun = (query) => (query.includes("recent_events") ? { error: "Unrecognized name: colour at [2:8]" } : { bytes: 1 });
        const { code, lines } = await bq("dry-run");
        expect(code).toBe(1);
        expect(lines.find((line) => line.includes("recent_events"))).toMatch(
            /ERROR\s+view\s+bq-fixture\.warehouse\.recent_events: Unrecognized name: colour at \[2:8\]/,
        );
    });
});

describe("bq sql", () => {
    const out = join(scratch, "sql");

    beforeAll(async () => {
        const lines: string[] = [];
        await runBq(["sql", "--out", out, "--project", fixture], { print: (line) => lines.push(line), compile: async () => graph });
    });

    it("writes a file per action, and the incremental variant for incrementals", () => {
        const expected = [
            ...graph.tables!.map((table) => `${table.target.schema}/${table.target.name}.sql`),
            ...graph
                .tables!.filter((table) => table.enumType === "INCREMENTAL")
                .map((table) => `${table.target.schema}/${table.target.name}.incremental.sql`),
            ...graph.operations!.map((operation) => `${operation.target.schema}/${operation.target.name}.sql`),
            ...graph.assertions!.map((assertion) => `${assertion.target.schema}/${assertion.target.name}.sql`),
        ];
        expect(expected).toHaveLength(8);
        for (const path of expected) expect(existsSync(join(out, path)), path).toBe(true);
    });

    it("formats each with sql-formatter's BigQuery dialect", () => {
        const view = graph.tables!.find((table) => table.target.name === "recent_events")!;
        const statement = `create or replace view \`bq-fixture.warehouse.recent_events\` as ${view.query}`;
        const formatted = format(statement, { language: "bigquery", tabWidth: 4, keywordCase: "lower" });
        expect(readFileSync(join(out, "warehouse/recent_events.sql"), "utf8")).toBe(`${formatted}\n`);
    });

    it("lists the documented columns in an incremental's merge", () => {
        const merge = readFileSync(join(out, "warehouse/events_merged.incremental.sql"), "utf8");
        expect(merge).toMatch(/^-- Columns as documented/);
        expect(merge).toContain("(`event_id`, `received_at`, `event_name`)");
    });
});

describe("credentials", () => {
    it("says how to log in when no credentials are found", async () => {
        const home = mkdtempSync(join(scratch, "home-"));
        const env = { PATH: process.env.PATH, HOME: home, CLOUDSDK_CONFIG: home, METADATA_SERVER_DETECTION: "none" };
        const failure: { code?: number; stderr: string } = await promisify(execFile)(
            process.execPath,
            ["--import", "tsx", "scripts/cli.ts", "bq", "dry-run", "--project", fixture],
            { cwd: root, env },
        ).catch((error) => error);
        expect(failure.code).toBe(1);
        expect(failure.stderr).toContain("no Google Cloud credentials found");
        expect(failure.stderr).toContain("gcloud auth application-default login");
        expect(failure.stderr).toContain("--key-file");
    });
});
