import type { PlannedAction } from "../dataform/plan.ts";
import type { Engine } from "../engines/engine.ts";
import type { Row } from "../engines/values.ts";
import { AssertionFailed, runAssertion, runOperation, runTable, type RunOptions } from "./actions.ts";

export type ActionStatus = "succeeded" | "failed" | "skipped" | "disabled";

export interface ActionResult {
    name: string;
    kind: PlannedAction["kind"];
    fileName?: string;
    status: ActionStatus;
    seconds: number;
    rows?: number;
    incremental?: boolean;
    error?: string;
    /** First failing rows of a failed assertion. */
    failingRows?: Row[];
}

export interface ExecuteOptions extends RunOptions {
    onActionStart?: (action: PlannedAction) => void;
    onActionEnd?: (result: ActionResult) => void;
}

/**
 * Runs planned actions in order on one engine, with `dataform run`'s rules:
 * disabled actions do nothing and count as succeeded; an action whose
 * dependency failed or was skipped is skipped; independent branches go on.
 */
export async function executePlan(engine: Engine, plan: PlannedAction[], options: ExecuteOptions = {}): Promise<ActionResult[]> {
    const results = new Map<string, ActionResult>();
    for (const action of plan) {
        const blocked = action.dependencies.find((name) => {
            const status = results.get(name)?.status;
            return status === "failed" || status === "skipped";
        });
        const result = blocked
            ? { ...describe(action), status: "skipped" as const, seconds: 0, error: `dependency ${blocked} did not succeed` }
            : await runOne(engine, action, options);
        results.set(action.name, result);
        options.onActionEnd?.(result);
    }
    return [...results.values()];
}

async function runOne(engine: Engine, action: PlannedAction, options: ExecuteOptions): Promise<ActionResult> {
    const base = describe(action);
    const compiled = compiledOf(action);
    if (compiled.disabled) return { ...base, status: "disabled", seconds: 0 };
    options.onActionStart?.(action);
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
        // JiT actions get their SQL from code run against the live warehouse; there is none to run here.
        if ("jitCode" in compiled && compiled.jitCode) throw new Error("JiT-compiled actions are not supported locally");
        const outcome =
            action.kind === "operation"
                ? await runOperation(engine, action.operation)
                : action.kind === "assertion"
                  ? await runAssertion(engine, action.assertion)
                  : await runTable(engine, action.table, action.kind, options);
        return { ...base, status: "succeeded", seconds: seconds(), ...outcome };
    } catch (error) {
        const failingRows = error instanceof AssertionFailed ? error.sample : undefined;
        return { ...base, status: "failed", seconds: seconds(), error: (error as Error).message, failingRows };
    } finally {
        await engine.endScript();
    }
}

function compiledOf(action: PlannedAction) {
    return action.kind === "operation" ? action.operation : action.kind === "assertion" ? action.assertion : action.table;
}

function describe(action: PlannedAction): Pick<ActionResult, "name" | "kind" | "fileName"> {
    return { name: action.name, kind: action.kind, fileName: compiledOf(action).fileName };
}
