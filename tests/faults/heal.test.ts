/**
 * Runs that heal after an incremental run failed part-way: at the actions and
 * statements where a stop leaves a state of its own (faults below), the rest of the run
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
    console.log(`faults tried in an incremental run: ${tried.length}\n  ${tried.join("\n  ")}`);
    await releaseBench(bench);
});

/** The producers of the change logs: a fault anywhere in them must heal, so every point is tried. */
const PRODUCERS = new Set(["int_events_sessionized", "int_order_touchpoints"]);

/**
 * Where a fault can leave a state of its own. An incremental table or an operation can stop between its
 * statements: a producer after each statement that changes something; any other after all of its statements
 * but the last (its work done, its mark in the change logs not yet recorded: the state a reader must repair),
 * once per dataset and shape of incremental step (the script variables it declares: the daily marts share
 * one, the received-window tables another), as tables of one shape run the same statements. A table or view is one
 * statement and locally atomic, so a fault leaves it as it was: one of each kind is tried.
 * FAULTS=every tries every writing action after each of its statements that changes something (about 50
 * faults, five minutes on two cores): run it after a change to the incremental design.
 */
function faults(current: FaultBench): Fault[] {
    if (process.env.FAULTS === "every") return everyFault(current);
    const shapesTried = new Set<string>();
    const firstOfShape = (shape: string) => !shapesTried.has(shape) && Boolean(shapesTried.add(shape));
    return current.actions
        .filter(({ action }) => isWriting(action))
        .flatMap(({ action, partialPoints, declared }): Fault[] => {
            if (PRODUCERS.has(action.target.name))
                return partialPoints.map((afterStatements) => ({ action: action.name, afterStatements, keepPartial: true }));
            if (partialPoints.length === 0) return firstOfShape(action.kind) ? [{ action: action.name, afterStatements: 0 }] : [];
            const shape = `${action.target.schema}:${action.kind}:${[...declared].sort().join(",")}`;
            return firstOfShape(shape) ? [{ action: action.name, afterStatements: partialPoints.at(-1)!, keepPartial: true }] : [];
        });
}

function everyFault(current: FaultBench): Fault[] {
    return current.actions
        .filter(({ action }) => isWriting(action))
        .flatMap(({ action, partialPoints }): Fault[] =>
            partialPoints.length > 0
                ? partialPoints.map((afterStatements) => ({ action: action.name, afterStatements, keepPartial: true }))
                : [{ action: action.name, afterStatements: 0 }],
        );
}

describe("an incremental run stopped at any action, then an ordinary run", () => {
    it("fails where injected, then heals: every table equals one full refresh", async () => {
        const current = bench!;
        const all = faults(current);
        expect(all.filter((fault) => fault.keepPartial).length).toBeGreaterThan(10);
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
