/**
 * Generated data for the benchmark, cached under .local/bench keyed by the
 * generator's parameters: a folder is reused when its `complete` marker exists.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DEFAULT_RATES, type GeneratorOptions } from "../generator/config.ts";
import { generate } from "../generator/run.ts";

export const BENCH_DIR = resolve(".local", "bench");

export interface DataSpec {
    days: number;
    users: number;
    seed: number;
    start: string;
}

export interface BenchData {
    dir: string;
    events: number;
    /** Seconds spent generating now; 0 when the cache had it. */
    generatedSeconds: number;
}

/** The folder of a data set, named by every parameter that changes its bytes. */
export function dataDir(spec: DataSpec): string {
    return join(BENCH_DIR, "data", `days${spec.days}-users${spec.users}-seed${spec.seed}-start${spec.start}`);
}

/** Generates the data set unless a complete copy is cached. */
export async function benchData(spec: DataSpec, log: (line: string) => void): Promise<BenchData> {
    const dir = dataDir(spec);
    const marker = join(dir, "complete.json");
    if (existsSync(marker)) {
        return { dir, events: (JSON.parse(readFileSync(marker, "utf8")) as { events: number }).events, generatedSeconds: 0 };
    }
    rmSync(dir, { recursive: true, force: true });
    log(`  generating ${spec.days} days x ${spec.users.toLocaleString("en-US")} users into ${dir}`);
    const options: GeneratorOptions = { out: dir, ...spec, rates: DEFAULT_RATES };
    const result = await generate(options);
    writeFileSync(marker, `${JSON.stringify({ events: result.events, orders: result.orders })}\n`);
    return { dir, events: result.events, generatedSeconds: result.elapsedMs / 1000 };
}
