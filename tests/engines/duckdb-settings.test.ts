import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";

const setting = (engine: DuckDbEngine, name: string) => engine.setting(name);

describe("the DuckDB warehouse's settings", () => {
    const saved = process.env.LOCAL_MEMORY_LIMIT;
    afterEach(() => {
        if (saved === undefined) delete process.env.LOCAL_MEMORY_LIMIT;
        else process.env.LOCAL_MEMORY_LIMIT = saved;
    });

    it("limits memory to 2.5GB by default, spills beside the file, and leaves no write-ahead log on close", async () => {
        delete process.env.LOCAL_MEMORY_LIMIT;
        const path = join(mkdtempSync(join(tmpdir(), "warehouse-")), "w.duckdb");
        const engine = await DuckDbEngine.open(path);
        expect(await setting(engine, "memory_limit")).toBe("2.3 GiB");
        expect(await setting(engine, "temp_directory")).toBe(`${path}.tmp`);
        await engine.execute("create schema kept; create table kept.t as select i from unnest(generate_array(1, 10)) as i");
        await engine.close();
        expect(existsSync(`${path}.wal`)).toBe(false);
        const reopened = await DuckDbEngine.open(path);
        expect((await reopened.query("select count(*) as n from kept.t")).rows[0].n).toBe("10");
        await reopened.close();
    });

    it("takes LOCAL_MEMORY_LIMIT, and names it when DuckDB refuses the value", async () => {
        process.env.LOCAL_MEMORY_LIMIT = "2GB";
        const engine = await DuckDbEngine.open(":memory:");
        expect(await setting(engine, "memory_limit")).toBe("1.8 GiB");
        await engine.close();
        process.env.LOCAL_MEMORY_LIMIT = "lots";
        await expect(DuckDbEngine.open(":memory:")).rejects.toThrow(/LOCAL_MEMORY_LIMIT=lots is not a DuckDB memory size/);
    });
});
