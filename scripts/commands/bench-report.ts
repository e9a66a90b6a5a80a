/** The lines `bench` prints: one row per measured run, the ratios line. */
import { formatSize } from "./output.ts";
import type { RunFigures } from "../tracking/bench/scenarios.ts";

const GB = 1024 ** 3;

export const HEADER = `  ${"run".padEnd(44)} ${"events".padStart(12)} ${"seconds".padStart(9)} ${"events/s".padStart(11)} ${"peak RSS".padStart(9)} ${"rows read".padStart(14)} ${"bytes read".padStart(11)}`;

export function formatFigures(label: string, figures: RunFigures): string {
    const rate = figures.seconds > 0 ? Math.round(figures.events / figures.seconds) : 0;
    const checks =
        figures.failedAssertions.length > 0
            ? `\n    (failed data checks: ${figures.failedAssertions.map((name) => name.split(".").at(-1)).join(", ")})`
            : "";
    return `  ${label.padEnd(44)} ${figures.events.toLocaleString("en-US").padStart(12)} ${figures.seconds.toFixed(2).padStart(9)} ${rate.toLocaleString("en-US").padStart(11)} ${`${(figures.peakRssBytes / GB).toFixed(2)} GB`.padStart(9)} ${(figures.rowsRead > 0 ? figures.rowsRead.toLocaleString("en-US") : "").padStart(14)} ${(figures.bytesRead > 0 ? formatSize(figures.bytesRead) : "").padStart(11)}${checks}`;
}

export function formatRatio(label: string, ratio: number): string {
    return `  ${label.padEnd(44)} ${ratio.toFixed(3).padStart(12)}`;
}

export interface Ratios {
    /** Pipeline / floor at the largest full-refresh size. */
    floor?: number;
    /** The longest-history incremental / that history's full refresh, in seconds. */
    incremental?: number;
    /** The longest-history incremental / the shortest-history one, in seconds. */
    flat?: number;
    /** Rows read by the longest-history incremental / by that history's full refresh. */
    read?: number;
    /** The same for the bytes BigQuery would bill for those reads (estimated). */
    bytes?: number;
}

/** The one line that makes bench runs comparable: `ratios: floor=.. incremental=..% flat=.. read=..% bytes=..%`. */
export function formatRatios(ratios: Ratios): string {
    const fixed = (value: number | undefined, digits: number, unit = "") =>
        value === undefined ? "n/a" : `${value.toFixed(digits)}${unit}`;
    const percent = (value: number | undefined) => (value === undefined ? "n/a" : `${(value * 100).toFixed(1)}%`);
    return `ratios: floor=${fixed(ratios.floor, 2)} incremental=${percent(ratios.incremental)} flat=${fixed(ratios.flat, 2)} read=${percent(ratios.read)} bytes=${percent(ratios.bytes)}`;
}
