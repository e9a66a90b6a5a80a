import type { CompiledAssertion, CompiledOperation, CompiledTable } from "../dataform/graph.ts";
import type { Engine, Target } from "../engines/engine.ts";
import type { Row } from "../engines/values.ts";

export interface RunOptions {
    /** Rebuild unprotected incremental tables from scratch. */
    fullRefresh?: boolean;
}

export interface ActionOutcome {
    rows?: number;
    /** For incrementals: whether this run appended/merged instead of rebuilding. */
    incremental?: boolean;
}

export class AssertionFailed extends Error {
    constructor(
        readonly failingRows: number,
        readonly sample: Row[],
    ) {
        super(`assertion failed: ${failingRows} row(s) violate it`);
    }
}

/** Carries out a table, view or incremental the way Dataform's BigQuery adapter does. */
export async function runTable(
    engine: Engine,
    table: CompiledTable,
    kind: "table" | "view" | "incremental",
    options: RunOptions,
): Promise<ActionOutcome> {
    const target = table.target;
    const existing = await engine.relationKind(target);
    const incrementally = kind === "incremental" && (!options.fullRefresh || table.protected === true) && existing === "table";
    await engine.createSchemaIfNotExists(target.database, target.schema);

    for (const statement of (incrementally ? table.incrementalPreOps : table.preOps) ?? []) await engine.execute(statement);

    const wanted = kind === "view" ? "view" : "table";
    if (existing && existing !== wanted) await engine.drop(target, existing);

    let rows: number | undefined;
    if (incrementally) {
        rows = await writeIncrementally(engine, table);
    } else if (kind === "view") {
        await engine.createView(target, table.query);
    } else {
        if (table.materialized) throw new Error("materialized views are not supported locally");
        rows = await engine.createTableAs(target, table.query, {
            partitionBy: table.bigquery?.partitionBy,
            clusterBy: table.bigquery?.clusterBy,
        });
    }

    for (const statement of (incrementally ? table.incrementalPostOps : table.postOps) ?? []) await engine.execute(statement);
    return { rows, incremental: kind === "incremental" ? incrementally : undefined };
}

async function writeIncrementally(engine: Engine, table: CompiledTable): Promise<number> {
    const target = table.target;
    const baseQuery = table.incrementalQuery || table.query;
    const query = table.where ? `select * from (${baseQuery}) as subquery where ${table.where}` : baseQuery;
    const columns = (await engine.columns(target)).map((column) => column.name);
    await checkSchemaChange(engine, table, query, columns);

    const bigquery = table.bigquery ?? {};
    const predicates = (bigquery.incrementalPredicates ?? []).filter((predicate) => predicate.trim() !== "").map((p) => `(${p})`);
    const destinationFilter = bigquery.updatePartitionFilter ? [`DATAFORM_DEST.${bigquery.updatePartitionFilter}`] : [];
    const condition = [...destinationFilter, ...predicates].join(" and ") || undefined;

    if (table.incrementalStrategy === "INSERT_OVERWRITE") {
        if (!bigquery.partitionBy) throw new Error("incrementalStrategy insert_overwrite needs bigquery.partitionBy");
        return engine.replacePartitions(target, columns, query, bigquery.partitionBy, condition);
    }
    if (table.uniqueKey?.length) return engine.merge(target, columns, query, table.uniqueKey, condition);
    return engine.insert(target, columns, query);
}

/** onSchemaChange: IGNORE (the default) and FAIL are honoured; EXTEND and SYNCHRONIZE are refused rather than approximated. */
async function checkSchemaChange(engine: Engine, table: CompiledTable, query: string, existing: string[]): Promise<void> {
    const mode = table.onSchemaChange ?? "IGNORE";
    if (mode === "IGNORE") return;
    if (mode !== "FAIL") throw new Error(`onSchemaChange ${mode} is not supported locally (IGNORE and FAIL are)`);
    const incoming = (await engine.query(`select * from (${query}) limit 0`)).columns.map((column) => column.name);
    const added = incoming.filter((name) => !existing.includes(name));
    const removed = existing.filter((name) => !incoming.includes(name));
    if (added.length || removed.length) {
        throw new Error(`schema changed (onSchemaChange FAIL): added [${added.join(", ")}], removed [${removed.join(", ")}]`);
    }
}

/** An operation runs each `---`-separated statement in order. */
export async function runOperation(engine: Engine, operation: CompiledOperation): Promise<ActionOutcome> {
    await engine.createSchemaIfNotExists(operation.target.database, operation.target.schema);
    for (const statement of operation.queries ?? []) await engine.execute(statement);
    if (!operation.hasOutput || (await engine.relationKind(operation.target)) !== "table") return {};
    return { rows: await countRows(engine, operation.target) };
}

/** As Dataform: the query becomes a view in the assertion dataset; any row in it fails the run. */
export async function runAssertion(engine: Engine, assertion: CompiledAssertion): Promise<ActionOutcome> {
    const target = assertion.target;
    await engine.createSchemaIfNotExists(target.database, target.schema);
    await engine.createView(target, assertion.query);
    const failing = await countRows(engine, target);
    if (failing > 0) {
        const sample = await engine.query(`select * from ${bigQueryPath(target)} limit 5`);
        throw new AssertionFailed(failing, sample.rows);
    }
    return { rows: 0 };
}

async function countRows(engine: Engine, target: Target): Promise<number> {
    const result = await engine.query(`select count(*) as row_count from ${bigQueryPath(target)}`);
    return Number(result.rows[0].row_count);
}

export function bigQueryPath(target: Target): string {
    return `\`${[target.database, target.schema, target.name].filter(Boolean).join(".")}\``;
}
