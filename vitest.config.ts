import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The slowest files, slowest first (measured in CI on 2 cores: 313, 205, 127, 124 and 90 s). They start
 * first so that the two workers end together: a clean clone has no timing cache, and without one vitest
 * starts the largest files first, which left the slowest to start late and one worker idle at the end.
 */
const SLOWEST = [
    "tests/differential/models.test.ts",
    "tests/faults/heal.test.ts",
    "tests/cli/command-line.test.ts",
    "tests/incremental/incremental.test.ts",
    "tests/cli/cli.test.ts",
];

class SlowestFirst extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
        const rank = (file: TestSpecification) => {
            const index = SLOWEST.findIndex((path) => file.moduleId.endsWith(path));
            return index === -1 ? SLOWEST.length : index;
        };
        return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
    }
}

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
        sequence: { sequencer: SlowestFirst },
    },
});
