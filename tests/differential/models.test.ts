/**
 * This repository's models held to BigQuery's semantics: the compiled graph
 * runs on every scenario fixture of tests/models twice with the same
 * executor, on DuckDB (through the translation) and on the ZetaSQL reference
 * evaluator (the BigQuery SQL as compiled), and every table and view (raw,
 * staging, intermediate, marts, assertions) must be equal row for row.
 * A few scenarios run twice: a first build from the earlier half of their
 * raw events, then an incremental run with all of them, so the incremental
 * variants (pre-operations, merges) are compared too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../scripts/dataform/compile.ts";
import type { CompiledGraph } from "../../scripts/dataform/graph.ts";
import type { Engine, Target } from "../../scripts/engines/engine.ts";
import type { Row } from "../../scripts/engines/values.ts";
import { ZetaSql } from "../../scripts/engines/zetasql/index.ts";
import { PROJECT_DIR } from "../models/harness.ts";
import { loadRaw, type RawRows } from "../models/inputs.ts";
import { SCENARIOS, type ScenarioInput } from "../models/scenarios.ts";
import { openPair, outcomes, runBoth, type DifferentialRun, type EnginePair } from "./harness.ts";

let zetaSql: ZetaSql;
beforeAll(async () => {
    zetaSql = await ZetaSql.start();
});
afterAll(async () => {
    await zetaSql?.stop();
});

const graphs = new Map<string, Promise<CompiledGraph>>();
/** One compilation per set of vars for the whole file. */
function graphFor(vars: Record<string, string> = {}): Promise<CompiledGraph> {
    const key = JSON.stringify(vars);
    if (!graphs.has(key)) graphs.set(key, compileProject(PROJECT_DIR, { vars }));
    return graphs.get(key)!;
}

/** Every relation the graph writes: tables, views, incremental tables and assertion views. */
function outputs(graph: CompiledGraph): Target[] {
    return [...(graph.tables ?? []), ...(graph.assertions ?? [])].filter((action) => !action.disabled).map((action) => action.target);
}

const key = (target: Target) => `${target.schema}.${target.name}`;

/** Relation -> the scenarios in which it held rows (on both engines, since they must agree). */
const covered = new Map<string, string[]>();

async function recordRows(engine: Engine, targets: Target[], scenario: string): Promise<void> {
    for (const target of targets) {
        if (!(await engine.relationKind(target))) continue;
        const { rows } = await engine.query(`select count(*) as n from \`${target.schema}.${target.name}\``);
        if (rows[0]!.n !== "0") covered.set(key(target), [...(covered.get(key(target)) ?? []), scenario]);
    }
}

/** The same run on both engines must end the same way, action by action, and leave the same relations. */
function expectAgreement(run: DifferentialRun): void {
    // Differences first: they name the table, the column and the rows.
    expect(run.differences).toEqual([]);
    expect(outcomes(run.zetasql.results)).toEqual(outcomes(run.duckdb.results));
}

/** The earlier half of the raw events (by arrival), for the first of two runs. */
function firstHalf(raw: RawRows): RawRows {
    const events = [...(raw.events ?? [])].sort((a, b) => String(a.received_at).localeCompare(String(b.received_at)));
    return { ...raw, events: events.slice(0, Math.ceil(events.length / 2)) };
}

async function loadBoth(pair: EnginePair, raw: RawRows): Promise<void> {
    await loadRaw(pair.duckdb, raw);
    await loadRaw(pair.zetasql, raw);
}

// Scenarios whose second, incremental run is compared too (each extra run costs seconds on the oracle).
const TWICE = new Set(["staging", "identity", "attribution", "analyst"]);

describe.each(Object.entries(SCENARIOS))("scenario %s on DuckDB and ZetaSQL", (name: string, input: ScenarioInput) => {
    let pair: EnginePair;
    beforeAll(async () => {
        pair = await openPair(zetaSql);
    });
    afterAll(() => pair?.dispose());

    // Sequential by design: each run starts from what the previous one left.
    if (TWICE.has(name)) {
        it("first run on the earlier half of the events: every action and relation agrees", async () => {
            await loadBoth(pair, firstHalf(input.raw));
            expectAgreement(await runBoth(pair, PROJECT_DIR, await graphFor(input.vars)));
        });
    }

    it(`${TWICE.has(name) ? "incremental run" : "run"} on all the events: every action and relation agrees`, async () => {
        const graph = await graphFor(input.vars);
        await loadBoth(pair, input.raw);
        expectAgreement(await runBoth(pair, PROJECT_DIR, graph));
        await recordRows(pair.duckdb, outputs(graph), name);
    });

    /*
     * Assertions hold on the scenarios, so their views are empty there. To
     * compare them on rows too, the tables are tampered with the same way on
     * both engines (a duplicated row, an all-NULL row, a row whose text is an
     * e-mail address) and the assertions alone run again.
     */
    if (name === "attribution") {
        it("assertions over tampered tables fail alike, with the same rows", async () => {
            const graph = await graphFor(input.vars);
            for (const table of graph.tables ?? []) {
                const target = table.target;
                // views follow the tampered tables they read
                if (table.disabled || (await pair.duckdb.relationKind(target)) !== "table") continue;
                const columns = await pair.duckdb.columns(target);
                const { rows } = await pair.duckdb.query(`select * from \`${target.schema}.${target.name}\``);
                const tampered = [...rows, ...tamperedRows(rows[0] ?? {}, columns)];
                await pair.duckdb.loadRows(target, columns, tampered);
                await pair.zetasql.loadRows(target, columns, tampered);
            }
            const assertions = (graph.assertions ?? [])
                .filter((assertion) => !assertion.disabled)
                .map((assertion) => key(assertion.target));
            const run = await runBoth(pair, PROJECT_DIR, graph, { actions: assertions });
            expectAgreement(run);
            expect(run.duckdb.results.filter((result) => result.status === "failed").length).toBeGreaterThan(0);
            await recordRows(pair.duckdb, outputs(graph), "attribution, tampered");
        });
    }
});

/** A copy of `first`, a row of NULLs, and `first` with every STRING column an e-mail address. */
function tamperedRows(first: Row, columns: { name: string; type: string }[]): Row[] {
    const nulls = Object.fromEntries(columns.map((column) => [column.name, null]));
    const leaked = Object.fromEntries(
        columns.map((column) => [column.name, column.type === "STRING" ? "leak@example.com" : (first[column.name] ?? null)]),
    );
    return [{ ...nulls, ...first }, nulls, leaked];
}

// Runs after the scenarios (tests in a file run in order), so coverage cannot silently shrink.
describe("coverage", () => {
    it("every table, view and assertion of the graph holds rows in at least one scenario", async () => {
        const graph = await graphFor();
        const empty = outputs(graph)
            .map(key)
            .filter((name) => !covered.has(name));
        expect(empty, "relations empty in every scenario: add a scenario row that reaches them").toEqual([]);
    });
});
