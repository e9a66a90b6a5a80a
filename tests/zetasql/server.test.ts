import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZetaSql, ZetaSqlServerError } from "../../scripts/engines/zetasql/index.ts";

let zeta: ZetaSql;
beforeAll(async () => {
    zeta = await ZetaSql.start();
});
afterAll(async () => {
    await zeta?.stop();
});

// About 4M rows in the reference evaluator: several seconds, long enough to interrupt.
const SLOW = "select count(*) as c from unnest(generate_array(1, 2000)) a, unnest(generate_array(1, 2000)) b";

/** A zombie counts as dead: it no longer runs, its parent just has not reaped it. */
function alive(pid: number): boolean {
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
    } catch {
        return false;
    }
}

describe("server supervision", () => {
    it("reports a crash with the statement, then restarts transparently", async () => {
        const pid = await zeta.serverPid();
        const startsBefore = zeta.serverStarts;
        const pending = zeta.evaluate(SLOW, []);
        await new Promise((resolve) => setTimeout(resolve, 300));
        process.kill(pid, "SIGKILL");
        const error = await pending.then(
            () => undefined,
            (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(ZetaSqlServerError);
        expect((error as ZetaSqlServerError).code).toBe("CRASH");
        expect((error as Error).message).toContain("generate_array(1, 2000)");

        const result = await zeta.evaluate("select 1 + 1 as two", []);
        expect(result.rows).toEqual([{ two: "2" }]);
        expect(zeta.serverStarts).toBe(startsBefore + 1);
        expect(await zeta.serverPid()).not.toBe(pid);
    });

    it("restarts a server that does not answer in time instead of hanging", async () => {
        const impatient = await ZetaSql.start({ callTimeoutMs: 300 });
        try {
            const pid = await impatient.serverPid();
            await expect(impatient.evaluate(SLOW, [])).rejects.toMatchObject({ code: "TIMEOUT" });
            expect(alive(pid)).toBe(false);
            expect((await impatient.evaluate("select 'ok' as s", [])).rows).toEqual([{ s: "ok" }]);
        } finally {
            await impatient.stop();
        }
    });

    it("refuses a request over the server's 4 MB limit with its size", async () => {
        const rows = Array.from({ length: 100_000 }, (_, index) => ({ id: String(index), payload: `event-${index}-${"x".repeat(40)}` }));
        const columns = [
            { name: "id", type: "INT64" },
            { name: "payload", type: "STRING" },
        ];
        await expect(zeta.evaluate("select count(*) from t", [{ name: "t", columns, rows }])).rejects.toThrow(
            /request too large: \d{7,} bytes, the server accepts at most 4194304 bytes/,
        );
        // The server survives it.
        expect((await zeta.evaluate("select count(*) as c from t", [{ name: "t", columns, rows: rows.slice(0, 10) }])).rows).toEqual([
            { c: "10" },
        ]);
    });

    it("stop() ends the server process and refuses further calls", async () => {
        const own = await ZetaSql.start();
        const pid = await own.serverPid();
        expect(alive(pid)).toBe(true);
        await own.stop();
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(alive(pid)).toBe(false);
        await expect(own.evaluate("select 1", [])).rejects.toThrow(/stopped/);
    });

    it("stop() holds the event loop until the server is gone, so a script's last lines still run", () => {
        // Without the hold, Node had nothing to wait on during stop() and exited with code 13 before the print.
        const server = fileURLToPath(new URL("../../scripts/engines/zetasql/index.ts", import.meta.url));
        const script = `import { ZetaSql } from ${JSON.stringify(server)};
      const zeta = await ZetaSql.start();
      await zeta.evaluate("select 1 as x", []);
      await zeta.stop();
      console.log("after stop");`;
        const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
            encoding: "utf8",
            timeout: 60_000,
        });
        expect({ status: result.status, stdout: result.stdout.trim() }).toEqual({ status: 0, stdout: "after stop" });
    });
});
