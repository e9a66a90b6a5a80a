import type { CompiledAssertion, CompiledGraph, CompiledOperation, CompiledTable, CompiledTarget } from "./graph.ts";
import { targetName } from "./graph.ts";

export type PlannedAction =
    | { kind: "table" | "view" | "incremental"; name: string; dependencies: string[]; table: CompiledTable }
    | { kind: "operation"; name: string; dependencies: string[]; operation: CompiledOperation }
    | { kind: "assertion"; name: string; dependencies: string[]; assertion: CompiledAssertion };

/**
 * Orders the selected actions so every action comes after its dependencies.
 * Dependencies outside the selection (declarations, unselected actions) are
 * taken as already there, as `dataform run` does.
 */
export function planActions(graph: CompiledGraph, selected: Set<string>): PlannedAction[] {
    refuseProjectOnlyCollisions(graph);
    const all: PlannedAction[] = [
        ...(graph.tables ?? []).map((table): PlannedAction => ({
            kind: tableKind(table),
            name: targetName(table.target),
            dependencies: deps(table),
            table,
        })),
        ...(graph.operations ?? []).map((operation): PlannedAction => ({
            kind: "operation",
            name: targetName(operation.target),
            dependencies: deps(operation),
            operation,
        })),
        ...(graph.assertions ?? []).map((assertion): PlannedAction => ({
            kind: "assertion",
            name: targetName(assertion.target),
            dependencies: deps(assertion),
            assertion,
        })),
    ].filter((action) => selected.has(action.name));

    const byName = new Map(all.map((action) => [action.name, action]));
    for (const action of all) action.dependencies = action.dependencies.filter((name) => byName.has(name));

    const ordered: PlannedAction[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (action: PlannedAction, path: string[]) => {
        if (state.get(action.name) === "done") return;
        if (state.get(action.name) === "visiting") throw new Error(`dependency cycle: ${[...path, action.name].join(" -> ")}`);
        state.set(action.name, "visiting");
        for (const dependency of action.dependencies) visit(byName.get(dependency)!, [...path, action.name]);
        state.set(action.name, "done");
        ordered.push(action);
    };
    for (const action of all) visit(action, []);
    return ordered;
}

function tableKind(table: CompiledTable): "table" | "view" | "incremental" {
    const type = table.enumType ?? table.type?.toUpperCase();
    if (type === "VIEW") return "view";
    if (type === "INCREMENTAL") return "incremental";
    if (type === "TABLE") return "table";
    throw new Error(`${targetName(table.target)}: unsupported table type ${type}`);
}

function deps(action: { dependencyTargets?: CompiledTarget[] }): string[] {
    return (action.dependencyTargets ?? []).map(targetName);
}

/** The warehouse drops the project from names, so two targets differing only by project would collide. */
function refuseProjectOnlyCollisions(graph: CompiledGraph): void {
    const seen = new Map<string, string>();
    const targets = [...(graph.tables ?? []), ...(graph.operations ?? []), ...(graph.assertions ?? []), ...(graph.declarations ?? [])].map(
        (action) => action.target,
    );
    for (const target of targets) {
        const local = `${target.schema}.${target.name}`;
        const full = targetName(target);
        const previous = seen.get(local);
        if (previous !== undefined && previous !== full) {
            throw new Error(`${previous} and ${full} would both be ${local} in the local warehouse, which keeps one project`);
        }
        seen.set(local, full);
    }
}
