/**
 * Wall time and peak memory of one phase. DuckDB runs inside this process, so
 * the process's resident set covers the warehouse too. The peak is the
 * kernel's high-water mark (VmHWM, reset before the phase through
 * /proc/self/clear_refs) when Linux offers it, else the highest of samples
 * taken every 50 ms.
 */
import { readFileSync, writeFileSync } from "node:fs";

export interface Measurement<T> {
    result: T;
    seconds: number;
    peakRssBytes: number;
}

function highWaterMark(): number | undefined {
    try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
        return match ? Number(match[1]) * 1024 : undefined;
    } catch {
        return undefined;
    }
}

function resetHighWaterMark(): boolean {
    try {
        writeFileSync("/proc/self/clear_refs", "5");
        return true;
    } catch {
        return false;
    }
}

export async function measure<T>(work: () => Promise<T>): Promise<Measurement<T>> {
    const kernelPeak = resetHighWaterMark();
    let sampled = process.memoryUsage.rss();
    const sampler = setInterval(() => {
        sampled = Math.max(sampled, process.memoryUsage.rss());
    }, 50);
    const started = performance.now();
    try {
        const result = await work();
        const seconds = (performance.now() - started) / 1000;
        sampled = Math.max(sampled, process.memoryUsage.rss());
        const peak = kernelPeak ? Math.max(highWaterMark() ?? 0, sampled) : sampled;
        return { result, seconds, peakRssBytes: peak };
    } finally {
        clearInterval(sampler);
    }
}
