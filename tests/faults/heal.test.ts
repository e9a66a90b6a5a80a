/**
 * Runs that heal after an incremental run failed at any action: for every
 * action that writes, the run fails there (faults below), the rest of the run
 * goes on as the executor goes on, and the next ordinary run must leave every
 * table equal to one clean full refresh. A partial effect is kept as a
 * BigQuery script stopped between two statements leaves it. Assertions are
 * left out: they write nothing a later run reads.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isWriting, prepareBench, releaseBench, tryFault, type Fault, type FaultBench } from "./harness.ts";

let bench: FaultBench | undefined;
const tried: string[] = [];

beforeAll(async () => {
    bench = await prepareBench({ seed: 7, days: 3, users: 60, cutoff: "2024-03-02 12:00:00+00" });
}, 600_000);

afterAll(async () => {
    console.log(`faults tried in an incremental run: ${tried.length}`);
    await releaseBench(bench);
});

/**
 * For every writing action: after each of its statements but the last that changes something, effect kept;
 * an action with one such statement, or none, fails before it (rolled back, as locally it is atomic).
 */
function faults(current: FaultBench): Fault[] {
    return current.actions
        .filter(({ action }) => isWriting(action))
        .flatMap(({ action, partialPoints }) =>
            partialPoints.length > 0
                ? partialPoints.map((afterStatements) => ({ action: action.name, afterStatements, keepPartial: true }))
                : [{ action: action.name, afterStatements: 0 }],
        );
}

describe("an incremental run stopped at any action, then an ordinary run", () => {
    it("fails where injected, then heals: every table equals one full refresh", async () => {
        const current = bench!;
        const all = faults(current);
        expect(all.length).toBeGreaterThan(current.actions.length / 3);
        for (const [index, fault] of all.entries()) {
            const outcome = await tryFault(current, fault, `fault${index}`);
            const where = `${fault.action} after ${fault.afterStatements} statement(s)${fault.keepPartial ? ", partial effect kept" : ""}`;
            tried.push(where);
            expect(outcome.failedRun[0], where).toContain(fault.action);
            expect({ where, healingRun: outcome.healingRun, differences: outcome.differences }).toEqual({
                where,
                healingRun: [],
                differences: [],
            });
        }
    }, 3_600_000);
});
