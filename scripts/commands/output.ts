/**
 * Where a command's lines go: colour (picocolors) only on a terminal and
 * never with NO_COLOR; on a terminal, one live status line (the running
 * action and its elapsed time) that finished lines replace; in CI logs and
 * pipes, plain lines only.
 */
import picocolors from "picocolors";

type Colors = ReturnType<typeof picocolors.createColors>;
export interface Output {
    readonly colors: Colors;
    /** Whether the stream is a terminal (live status lines are shown). */
    readonly live: boolean;
    /** A finished line; clears the status line first. */
    line(text: string): void;
    /** Replaces the status line (terminal only; ignored elsewhere). */
    status(text: string): void;
}

/** Colour on a terminal whose TERM is not "dumb", unless NO_COLOR is set (to anything but ""). */
export function colorsWanted(isTerminal: boolean, environment: NodeJS.ProcessEnv): boolean {
    return isTerminal && !environment.NO_COLOR && environment.TERM !== "dumb";
}

export function streamOutput(stream: NodeJS.WriteStream = process.stdout, environment = process.env): Output {
    const live = stream.isTTY === true;
    let statusShown = false;
    const clearStatus = () => {
        if (statusShown) stream.write("\r\u001b[K");
        statusShown = false;
    };
    return {
        colors: picocolors.createColors(colorsWanted(live, environment)),
        live,
        line(text) {
            clearStatus();
            stream.write(`${text}\n`);
        },
        status(text) {
            if (!live) return;
            const width = stream.columns ? stream.columns - 1 : 120;
            stream.write(`\r\u001b[K${text.length > width ? text.slice(0, width) : text}`);
            statusShown = true;
        },
    };
}

/** Seconds as the progress lines show them: "0.41 s", "12.3 s", "2 min 05 s". */
export function formatSeconds(seconds: number): string {
    if (seconds < 10) return `${seconds.toFixed(2)} s`;
    if (seconds < 120) return `${seconds.toFixed(1)} s`;
    return `${Math.floor(seconds / 60)} min ${String(Math.round(seconds % 60)).padStart(2, "0")} s`;
}

export const formatCount = (count: number) => count.toLocaleString("en-US");

/** "1.2 GiB": bytes in the largest binary unit they fill. */
export function formatSize(bytes: number): string {
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit += 1;
    }
    return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** "280,512 rows/s" */
export function formatRate(count: number, seconds: number, unit = "rows"): string {
    return `${formatCount(Math.round(count / Math.max(seconds, 0.001)))} ${unit}/s`;
}
