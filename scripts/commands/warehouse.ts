/**
 * Opening the local warehouse from the command line. `run`, `load` and
 * `demo` open it for writing and create a missing file (in an existing
 * folder, or in the default .local/, which they create); `query`, `ls` and
 * `report` open an existing file read-only and create nothing. A file held
 * by another process is named with that process's command line.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import type { DuckDbEngine } from "../engines/duckdb/engine.ts";
import { DEFAULT_WAREHOUSE, WarehouseInUseError, type WarehouseAccess } from "../engines/duckdb/warehouse-file.ts";

export { warehousePath } from "../engines/duckdb/warehouse-file.ts";

export async function openWarehouse(path: string, access: WarehouseAccess, options: { profile?: boolean } = {}): Promise<DuckDbEngine> {
    // Loaded here: DuckDB takes a second to load, which --help and option errors need not wait for.
    const { DuckDbEngine } = await import("../engines/duckdb/engine.ts");
    if (access === "write" && path === resolve(DEFAULT_WAREHOUSE)) mkdirSync(dirname(path), { recursive: true });
    try {
        return await DuckDbEngine.open(path, access, options);
    } catch (error) {
        if (!(error instanceof WarehouseInUseError)) throw error;
        const holder = error.pid === undefined ? "another process" : `pid ${error.pid}${describeProcess(error.pid)}`;
        const advice =
            access === "read"
                ? "DuckDB lets no reader open a file while another process writes it: try again when that process ends"
                : "one process at a time may write it: wait for that one to end, or use another --warehouse";
        throw new WarehouseInUseError(error.path, error.pid, `the warehouse ${error.path} is in use by ${holder}; ${advice}`);
    }
}

/** " (npm run local -- run --full-refresh)" for a process of this tool, else " (its command line)"; "" when unknown. */
function describeProcess(pid: number): string {
    const argv = commandLine(pid);
    return argv ? ` (${describeCommandLine(argv)})` : "";
}

/** A process's arguments as the user typed them: `npm run local -- ...` for this tool's command line. */
export function describeCommandLine(argv: string[]): string {
    const cli = argv.findIndex((arg) => arg.endsWith("scripts/cli.ts"));
    return (cli >= 0 ? `npm run local -- ${argv.slice(cli + 1).join(" ")}` : argv.join(" ")).trim();
}

function commandLine(pid: number): string[] | undefined {
    try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    } catch {
        try {
            // No /proc (macOS): ps prints the command line, space-joined.
            return execFileSync("ps", ["-o", "command=", "-p", String(pid)], { encoding: "utf8" })
                .trim()
                .split(" ")
                .filter(Boolean);
        } catch {
            return undefined;
        }
    }
}
