import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DiskCache } from "../../scripts/engines/disk-cache.ts";

// A kind of its own under the repository's .local/cache, removed after each test.
const KIND = `test-${process.pid}`;
const kindDir = join(import.meta.dirname, "..", "..", ".local", "cache", KIND);

afterEach(() => {
    rmSync(kindDir, { recursive: true, force: true });
    delete process.env.LOCAL_CACHE;
});

describe("results kept on disk between processes", () => {
    it("returns what was set under the same version and key, nothing for another key", () => {
        new DiskCache(KIND, "v1", 10).set("select 1", "SELECT 1");
        const reopened = new DiskCache(KIND, "v1", 10);
        expect(reopened.get("select 1")).toBe("SELECT 1");
        expect(reopened.get("select 2")).toBeUndefined();
    });

    it("never answers from another version, and removes the other versions' entries", () => {
        new DiskCache(KIND, "v1", 10).set("select 1", "SELECT 1");
        const next = new DiskCache(KIND, "v2", 10);
        expect(next.get("select 1")).toBeUndefined();
        expect(readdirSync(kindDir)).toEqual(["v2"]);
    });

    it("empties a version's folder that grew past its limit", () => {
        const cache = new DiskCache(KIND, "v1", 2);
        for (const key of ["a", "b", "c"]) cache.set(key, key.toUpperCase());
        expect(new DiskCache(KIND, "v1", 2).get("a")).toBeUndefined();
        expect(readdirSync(join(kindDir, "v1"))).toEqual([]);
    });

    it("keeps nothing with LOCAL_CACHE=off", () => {
        process.env.LOCAL_CACHE = "off";
        const cache = new DiskCache(KIND, "v1", 10);
        cache.set("select 1", "SELECT 1");
        expect(cache.get("select 1")).toBeUndefined();
        expect(existsSync(kindDir)).toBe(false);
    });
});
