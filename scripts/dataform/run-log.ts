/**
 * The run results file: one JSON document per run, kept beside the
 * warehouse (`<warehouse>.runs/<started>-<pid>.json`), so a later command
 * (`runs`, `report`) can show what ran, when, how long, with what result.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TableRead } from "../engines/engine.ts";
import type { ActionResult, ActionStatus } from "./execute.ts";

export interface ActionRecord {
    name: string;
    kind: ActionResult["kind"];
    status: ActionStatus;
    /** ISO time the action started (for skipped and disabled ones: when that was decided). */
    startedAt: string;
    seconds: number;
    rows: number | null;
    /** Bytes the action processed: null locally, DuckDB reports none per statement (BigQuery's jobs do). */
    bytes: null;
    /** Rows (and estimated bytes) the action read from each table, in a profiled run (`run --profile`); else null. */
    reads: TableRead[] | null;
    error: string | null;
    fileName: string | null;
}

export interface RunRecord {
    /** The file name without .json: sorts by start time. */
    id: string;
    command: string;
    project: string;
    warehouse: string;
    engine: string;
    startedAt: string;
    seconds: number;
    ok: boolean;
    counts: Record<ActionStatus, number>;
    actions: ActionRecord[];
}

/** Collects a run's actions as they end; `finish` gives the record. */
export class RunLog {
    private readonly started = new Date();
    private readonly actions: ActionRecord[] = [];

    constructor(private readonly meta: Pick<RunRecord, "command" | "project" | "warehouse" | "engine">) {}

    actionEnded(result: ActionResult): void {
        this.actions.push({
            name: result.name,
            kind: result.kind,
            status: result.status,
            startedAt: new Date(Date.now() - result.seconds * 1000).toISOString(),
            seconds: round(result.seconds),
            rows: result.rows ?? null,
            bytes: null,
            reads: result.reads ?? null,
            error: result.error ?? null,
            fileName: result.fileName ?? null,
        });
    }

    finish(): RunRecord {
        const counts = { succeeded: 0, failed: 0, skipped: 0, disabled: 0 };
        for (const action of this.actions) counts[action.status] += 1;
        return {
            id: `${this.started
                .toISOString()
                .replace(/[-:]/g, "")
                .replace(/\.(\d+)Z$/, "$1Z")}-${process.pid}`,
            ...this.meta,
            startedAt: this.started.toISOString(),
            seconds: round((Date.now() - this.started.getTime()) / 1000),
            ok: counts.failed === 0,
            counts,
            actions: this.actions,
        };
    }
}

export function runsFolder(warehouse: string): string {
    return `${warehouse}.runs`;
}

/** Writes the record; returns its path. */
export function saveRunRecord(warehouse: string, record: RunRecord): string {
    const folder = runsFolder(warehouse);
    mkdirSync(folder, { recursive: true });
    const path = join(folder, `${record.id}.json`);
    writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
    return path;
}

/** The runs recorded for a warehouse, newest first. */
export function readRunRecords(warehouse: string, limit = Infinity): RunRecord[] {
    let files: string[];
    try {
        files = readdirSync(runsFolder(warehouse)).filter((file) => file.endsWith(".json"));
    } catch {
        return [];
    }
    return files
        .sort()
        .reverse()
        .slice(0, limit)
        .map((file) => JSON.parse(readFileSync(join(runsFolder(warehouse), file), "utf8")) as RunRecord);
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

type Reading = { reads?: TableRead[] | null };

/** Rows read by these actions from every table, as their profiles counted them. */
export function totalRowsRead(actions: Reading[]): number {
    return actions.reduce((sum, action) => sum + (action.reads ?? []).reduce((rows, read) => rows + read.rows, 0), 0);
}

/** The bytes BigQuery would bill for those reads, where estimated (estimateReadBytes). */
export function totalBytesRead(actions: Reading[]): number {
    return actions.reduce((sum, action) => sum + (action.reads ?? []).reduce((bytes, read) => bytes + (read.bytes ?? 0), 0), 0);
}
