/**
 * What only the analyst's marts read, changing between runs, must reach them
 * on the next incremental run exactly where a full refresh puts it: a product
 * renamed or dropped from raw.products (mart_products_daily), and an event
 * without analytics consent that arrives late for an earlier day
 * (mart_consent_daily: refused events have no person, so no worklist lists
 * them). docs/incremental.md.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { compileProject } from "../../scripts/dataform/compile.ts";
import type { CompiledGraph } from "../../scripts/dataform/graph.ts";
import type { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";
import { runProject } from "../../scripts/dataform/run-project.ts";
import { DEFAULT_RATES } from "../../scripts/tracking/generator/config.ts";
import { generate } from "../../scripts/tracking/generator/run.ts";
import { compareModelTables, failures, loadGenerated, PROJECT_DIR } from "./harness.ts";

/**
 * The late refused event: a copy of refused event `eventId` with its own id, happening on a day
 * without any other event (so no worklist lists that day), received with the newest rows.
 */
const lateRefusedEventSql = (eventId: string) => `insert into raw.events
    select concat(event_id, '-late'), event_name, '2024-02-20T09:00:00Z', (select max(received_at) from raw.events),
        user_id, anonymous_id, source, platform, schema_version, consent, context, payload
    from raw.events
    where event_id = '${eventId}'`;

/** The catalogue changes: some products renamed, some no longer listed. */
const CATALOGUE_CHANGES = [
    "update raw.products set name = concat(name, ' (new)') where product_id < 'sku_0020'",
    "delete from raw.products where product_id between 'sku_0020' and 'sku_0040'",
];

let dir: string;
let graph: CompiledGraph;
let full: DuckDbEngine;
let batched: DuckDbEngine;
let runFailures: string[][] = [];
let lateRefused = "";

beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "analyst-marts-"));
    await generate({ out: dir, days: 3, users: 120, seed: 17, start: "2024-03-01", rates: DEFAULT_RATES });
    // the shortest lookback: the run reprocesses the two newest received dates, so the worklists reach few event dates
    graph = await compileProject(PROJECT_DIR, {
        vars: { min_match_rate: "0", late_purchase_tolerance: "1", incremental_lookback_days: "1" },
    });

    // a first full refresh, then the changes, then an incremental run
    batched = await loadGenerated(dir);
    runFailures.push(failures(await runProject(PROJECT_DIR, batched, { graph, fullRefresh: true })));
    const refused = String(
        (
            await batched.query(
                "select min(event_id) as event_id from staging.stg_event_consent where not has_analytics_consent and channel != 'Direct'",
            )
        ).rows[0]!.event_id,
    );
    lateRefused = `${refused}-late`;
    await batched.execute(lateRefusedEventSql(refused));
    for (const change of CATALOGUE_CHANGES) await batched.execute(change);
    runFailures.push(failures(await runProject(PROJECT_DIR, batched, { graph })));

    // the same final raw rows, one full refresh
    full = await loadGenerated(dir);
    await full.execute(lateRefusedEventSql(refused));
    for (const change of CATALOGUE_CHANGES) await full.execute(change);
    runFailures.push(failures(await runProject(PROJECT_DIR, full, { graph, fullRefresh: true })));
});

afterAll(async () => {
    await full?.close();
    await batched?.close();
    rmSync(dir, { recursive: true, force: true });
});

it("runs every action in every run, assertions included", () => {
    expect(runFailures).toEqual([[], [], []]);
});

it("the changes reach the marts: renamed and unlisted products, the late refused event on its own day", async () => {
    const [products] = (
        await batched.query(
            "select countif(product_name like '% (new)') as renamed, countif(not is_known_product) as unknown from marts.mart_products_daily",
        )
    ).rows;
    expect(Number(products!.renamed)).toBeGreaterThan(0);
    expect(Number(products!.unknown)).toBeGreaterThan(0);
    const [late] = (
        await batched.query(
            `select event_date, received_at > timestamp '2024-03-03' as arrived_late from staging.stg_event_consent where event_id = '${lateRefused}'`,
        )
    ).rows;
    expect(late).toEqual({ event_date: "2024-02-20", arrived_late: true });
});

it("leaves every table equal to one full refresh", async () => {
    expect(await compareModelTables(full, batched)).toEqual([]);
});
