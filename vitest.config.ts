import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["tests/**/*.test.ts"],
        // DuckDB files and the ZetaSQL server are real processes; give them time on a shared 2-core machine.
        testTimeout: 120_000,
        hookTimeout: 120_000,
        pool: "forks",
        // Two files at a time even on 2 cores: much of a file's time is spent waiting on child processes
        // (the Dataform compiler, the ZetaSQL server); measured 18.6 min against 26.6 min for one at a time.
        maxWorkers: 2,
    },
});
