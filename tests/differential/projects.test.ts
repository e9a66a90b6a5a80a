import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../scripts/dataform/compile.ts";
import type { CompiledGraph } from "../../scripts/dataform/graph.ts";
import type { Row } from "../../scripts/engines/values.ts";
import { ZetaSql } from "../../scripts/engines/zetasql/index.ts";
import type { RunProjectOptions } from "../../scripts/dataform/run-project.ts";
import { DUPLICATE_KEYS, EVENT_COLUMNS, EVENTS, FIRST_BATCH, SECOND_BATCH } from "../fixtures/incremental-events.ts";
import { fixtureProject } from "../fixtures/projects.ts";
import { loadBoth, openPair, outcomes, runBoth, type EnginePair } from "./harness.ts";

let zetaSql: ZetaSql;
beforeAll(async () => {
    zetaSql = await ZetaSql.start();
});
afterAll(async () => {
    await zetaSql?.stop();
});

describe.each([
    { label: "as configured", vars: undefined },
    { label: "with a refund that fails two assertions", vars: { with_refund: "true" } },
])("the graph project on DuckDB and ZetaSQL, $label", ({ vars }) => {
    let pair: EnginePair;
    let run: Awaited<ReturnType<typeof runBoth>>;

    beforeAll(async () => {
        pair = await openPair(zetaSql);
        const graph = await compileProject(fixtureProject("graph"), { vars });
        run = await runBoth(pair, fixtureProject("graph"), graph);
    });
    afterAll(() => pair?.dispose());

    it("gives every action the same outcome", () => {
        expect(outcomes(run.zetasql.results)).toEqual(outcomes(run.duckdb.results));
        expect(run.zetasql.results.some((result) => result.status === "succeeded")).toBe(true);
    });

    it("shows the same failing rows for failed assertions", () => {
        const failing = (report: typeof run.duckdb) =>
            report.results.filter((result) => result.failingRows).map((result) => [result.name, result.failingRows]);
        expect(failing(run.zetasql)).toEqual(failing(run.duckdb));
    });

    it("leaves the same tables and views, row for row", () => {
        expect(run.differences).toEqual([]);
    });
});

// The runs of tests/executor/incremental.test.ts, in order, each on the warehouses the previous one left.
// `failed` and `incremental` say what each run must exercise, so an agreement of two no-ops cannot pass.
const RUNS: { label: string; rows: Row[]; options: RunProjectOptions; failed: string[]; incremental: boolean }[] = [
    { label: "first run: every incremental built from its full query", rows: FIRST_BATCH, options: {}, failed: [], incremental: false },
    { label: "second run: append, merge, replace partitions, DECLARE", rows: SECOND_BATCH, options: {}, failed: [], incremental: true },
    {
        label: "a merge again: NULL keys inserted again",
        rows: SECOND_BATCH,
        options: { actions: ["events_merged"] },
        failed: [],
        incremental: true,
    },
    {
        label: "--full-refresh: rebuilt except the protected table",
        rows: SECOND_BATCH,
        options: { fullRefresh: true },
        failed: [],
        incremental: true,
    },
    {
        label: "a merge matching one row twice fails and changes nothing",
        rows: DUPLICATE_KEYS,
        options: { actions: ["events_merged"] },
        failed: ["events_merged"],
        incremental: false,
    },
];

describe("the incremental project on DuckDB and ZetaSQL, run after run", () => {
    let pair: EnginePair;
    let graph: CompiledGraph;

    beforeAll(async () => {
        pair = await openPair(zetaSql);
        graph = await compileProject(fixtureProject("incremental"));
    });
    afterAll(() => pair?.dispose());

    // Sequential by design: each run starts from what the previous one left.
    it.each(RUNS)("$label", async ({ rows, options, failed, incremental }) => {
        await loadBoth(pair, EVENTS, EVENT_COLUMNS, rows);
        const run = await runBoth(pair, fixtureProject("incremental"), graph, options);
        expect(outcomes(run.zetasql.results)).toEqual(outcomes(run.duckdb.results));
        expect(run.differences).toEqual([]);
        const results = run.zetasql.results;
        expect(results.filter((result) => result.status === "failed").map((result) => result.name.split(".").at(-1))).toEqual(failed);
        expect(results.some((result) => result.incremental === true)).toBe(incremental);
    });
});
