/** The benchmark's printed lines: one row per measured run. */
import type { RunFigures } from "./scenarios.ts";

const GB = 1024 ** 3;

export const HEADER = `  ${"run".padEnd(44)} ${"events".padStart(12)} ${"seconds".padStart(9)} ${"events/s".padStart(11)} ${"peak RSS".padStart(9)}`;

export function formatFigures(label: string, figures: RunFigures): string {
    const rate = figures.seconds > 0 ? Math.round(figures.events / figures.seconds) : 0;
    const checks =
        figures.failedAssertions.length > 0
            ? `\n    (failed data checks: ${figures.failedAssertions.map((name) => name.split(".").at(-1)).join(", ")})`
            : "";
    return `  ${label.padEnd(44)} ${figures.events.toLocaleString("en-US").padStart(12)} ${figures.seconds.toFixed(2).padStart(9)} ${rate.toLocaleString("en-US").padStart(11)} ${`${(figures.peakRssBytes / GB).toFixed(2)} GB`.padStart(9)}${checks}`;
}

export function formatRatio(label: string, ratio: number): string {
    return `  ${label.padEnd(44)} ${ratio.toFixed(3).padStart(12)}`;
}
