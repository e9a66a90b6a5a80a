/**
 * Where the warehouse file is, and what can go wrong opening it, in the
 * user's words. Light to import (no DuckDB), so the command line can check a
 * path before it loads the engine.
 */
import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";

export const DEFAULT_WAREHOUSE = ".local/warehouse.duckdb";

/** Opening for "read" needs an existing warehouse and takes no write lock; "write" creates the file when its folder exists. */
export type WarehouseAccess = "read" | "write";

/** A warehouse path that cannot be opened as asked: a missing file or folder, a folder, a file that is not a warehouse. */
export class WarehouseError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "WarehouseError";
    }
}

/** Another process holds DuckDB's lock on the file (DuckDB allows one writing process, and no reader beside it). */
export class WarehouseInUseError extends WarehouseError {
    constructor(
        readonly path: string,
        readonly pid: number | undefined,
        message = `the warehouse ${path} is in use by ${pid === undefined ? "another process" : `pid ${pid}`}`,
    ) {
        super(message);
        this.name = "WarehouseInUseError";
    }
}

/** The warehouse file: --warehouse, else $LOCAL_WAREHOUSE, else .local/warehouse.duckdb. */
export function warehousePath(flag?: string): string {
    if (flag !== undefined && flag.trim() === "") throw new WarehouseError("--warehouse is empty: give a file path");
    const fromEnvironment = process.env.LOCAL_WAREHOUSE;
    if (flag === undefined && fromEnvironment !== undefined && fromEnvironment.trim() === "") {
        throw new WarehouseError("LOCAL_WAREHOUSE is set but empty: unset it (for .local/warehouse.duckdb) or give a file path");
    }
    return resolve(flag ?? fromEnvironment ?? DEFAULT_WAREHOUSE);
}

/** Refuses, before DuckDB sees it, a path that cannot be opened as asked; creates nothing. */
export function checkWarehousePath(path: string, access: WarehouseAccess): void {
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stats?.isDirectory()) throw new WarehouseError(`${path} is a folder, not a warehouse file`);
    if (stats) return;
    if (access === "read") throw new WarehouseError(`there is no warehouse at ${path} (npm run local -- load or run creates one)`);
    const folder = dirname(path);
    if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
        throw new WarehouseError(`the folder ${folder} does not exist: create it, or choose a warehouse file in an existing folder`);
    }
}

/** DuckDB's attach errors on a path, as WarehouseErrors; anything else unchanged. */
export function explainAttachError(path: string, error: Error): Error {
    const lock = /Could not set lock on file .*?Conflicting lock is held in .*?\(PID (\d+)\)/s.exec(error.message);
    if (lock || /Could not set lock on file/.test(error.message)) return new WarehouseInUseError(path, lock ? Number(lock[1]) : undefined);
    if (/not a valid DuckDB database file/.test(error.message)) return new WarehouseError(`${path} is not a DuckDB warehouse file`);
    if (/database does not exist/.test(error.message)) return new WarehouseError(`there is no warehouse at ${path}`);
    if (/created with an? (older|newer) version|incompatible/i.test(error.message)) {
        return new WarehouseError(`${path} was written by another DuckDB version: ${error.message.replace(/^IO Error: /, "")}`);
    }
    return error;
}
