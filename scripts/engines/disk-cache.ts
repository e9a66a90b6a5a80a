import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** .local/cache of this repository, beside the default warehouse; $LOCAL_CACHE=off turns every cache off. */
const CACHE_ROOT = fileURLToPath(new URL("../../.local/cache/", import.meta.url));

export function sha256(...parts: string[]): string {
    const hash = createHash("sha256");
    for (const part of parts) hash.update(part).update("\u0000");
    return hash.digest("hex");
}

/**
 * Text results kept on disk between processes, for work that is slow to
 * redo and the same for the same input (a translation, a compilation). An
 * entry is found by the hash of its key under a `version` that must change
 * whenever the producing code does, so a stale entry is never read: folders
 * of other versions of the same kind are removed when one is opened. A cache
 * that cannot be read or written is no cache; the work is done again.
 */
export class DiskCache {
    private readonly dir: string | undefined;

    /** `maxEntries`: the version's folder is emptied when it grows past it (SQL that holds a run's dates adds new keys). */
    constructor(kind: string, version: string, maxEntries: number) {
        if (process.env.LOCAL_CACHE === "off") return;
        const kindDir = join(CACHE_ROOT, kind);
        try {
            mkdirSync(kindDir, { recursive: true });
            for (const other of readdirSync(kindDir)) {
                if (other !== version) rmSync(join(kindDir, other), { recursive: true, force: true });
            }
            const dir = join(kindDir, version);
            mkdirSync(dir, { recursive: true });
            if (readdirSync(dir).length > maxEntries) {
                rmSync(dir, { recursive: true, force: true });
                mkdirSync(dir, { recursive: true });
            }
            this.dir = dir;
        } catch {
            this.dir = undefined;
        }
    }

    get(key: string): string | undefined {
        if (!this.dir) return undefined;
        try {
            return readFileSync(join(this.dir, sha256(key)), "utf8");
        } catch {
            return undefined;
        }
    }

    /** Written under a temporary name, then renamed: a reader in another process sees the whole entry or none. */
    set(key: string, value: string): void {
        if (!this.dir) return;
        const file = join(this.dir, sha256(key));
        const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
        try {
            writeFileSync(temporary, value);
            renameSync(temporary, file);
        } catch {
            rmSync(temporary, { force: true });
        }
    }
}

/** A version for code: the hash of the text of the named files (and any other inputs given). */
export function versionOf(files: string[], ...inputs: string[]): string {
    return sha256(...files.map((file) => readFileSync(file, "utf8")), ...inputs).slice(0, 16);
}
