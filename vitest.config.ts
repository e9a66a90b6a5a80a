import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["tests/**/*.test.ts"],
        // DuckDB files and the ZetaSQL server are real processes; give them time on a shared 2-core machine.
        testTimeout: 120_000,
        hookTimeout: 120_000,
        pool: "forks",
    },
});
