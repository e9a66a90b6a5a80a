/**
 * The actions of a compiled graph, and the order a run takes them in: every
 * action after its dependencies, as `dataform run` does.
 */
import type { CompiledAssertion, CompiledGraph, CompiledOperation, CompiledTable, CompiledTarget, CompiledTest } from "./graph.ts";
import { targetName } from "./graph.ts";

export type TableKind = "table" | "view" | "incremental";
/** Action types Dataform compiles that a local run cannot carry out: reported as skipped, with the reason. */
export type LocalSkipKind = "notebook" | "data preparation" | "test";
export type ActionKind = TableKind | "operation" | "assertion" | LocalSkipKind;

interface ActionBase {
    /** Dataform's readable name: `database.schema.name`. */
    name: string;
    target: CompiledTarget;
    /** Names of the actions this one depends on (declarations included until a run order drops them). */
    dependencies: string[];
    disabled: boolean;
    fileName?: string;
}

export type Action =
    | (ActionBase & { kind: TableKind; table: CompiledTable })
    | (ActionBase & { kind: "operation"; operation: CompiledOperation })
    | (ActionBase & { kind: "assertion"; assertion: CompiledAssertion });

/** An action of a run: an Action, or one the run reports as skipped, with the reason. */
export type RunAction = Action | (ActionBase & { kind: LocalSkipKind; skipReason: string });

const SKIP_REASONS: Record<LocalSkipKind, string> = {
    notebook: "notebooks run on BigQuery Studio, not locally",
    "data preparation": "data preparations run on BigQuery, not locally",
    test: "unit tests run with `npm run local -- test`",
};

/** A unit test's target: the one it compiles with, else its name in the default dataset's place. */
function testTarget(test: CompiledTest): CompiledTarget {
    return test.target ?? { schema: "", name: test.name };
}

/** Notebooks, data preparations and unit tests: in the run, as actions that are skipped with the reason. */
export function locallySkippedActions(graph: CompiledGraph): RunAction[] {
    const skipped = (
        kind: LocalSkipKind,
        target: CompiledTarget,
        compiled: { dependencyTargets?: CompiledTarget[]; disabled?: boolean; fileName?: string },
    ) => ({
        name: targetName(target),
        target,
        dependencies: (compiled.dependencyTargets ?? []).map(targetName),
        disabled: compiled.disabled === true,
        fileName: compiled.fileName,
        kind,
        skipReason: SKIP_REASONS[kind],
    });
    return [
        ...(graph.notebooks ?? []).map((notebook) => skipped("notebook", notebook.target, notebook)),
        ...(graph.dataPreparations ?? []).map((preparation) => skipped("data preparation", preparation.target, preparation)),
        ...(graph.tests ?? []).map((test) => skipped("test", testTarget(test), test)),
    ];
}

/** Every action `dataform run` would name, with those a local run skips: for selection. */
export function selectableTargets(
    graph: CompiledGraph,
): { target: CompiledTarget; dependencyTargets?: CompiledTarget[]; tags?: string[] }[] {
    return [
        ...(graph.tables ?? []),
        ...(graph.operations ?? []),
        ...(graph.assertions ?? []),
        ...(graph.notebooks ?? []),
        ...(graph.dataPreparations ?? []),
        ...(graph.tests ?? []).map((test) => ({ target: testTarget(test), tags: test.tags })),
    ];
}

/** Every SQL action of the graph, in the graph's order: tables, operations, assertions. */
export function graphActions(graph: CompiledGraph): Action[] {
    const base = (action: CompiledTable | CompiledOperation | CompiledAssertion) => ({
        name: targetName(action.target),
        target: action.target,
        dependencies: (action.dependencyTargets ?? []).map(targetName),
        disabled: action.disabled === true,
        fileName: action.fileName,
    });
    return [
        ...(graph.tables ?? []).map((table): Action => ({ ...base(table), kind: tableKind(table), table })),
        ...(graph.operations ?? []).map((operation): Action => ({ ...base(operation), kind: "operation", operation })),
        ...(graph.assertions ?? []).map((assertion): Action => ({ ...base(assertion), kind: "assertion", assertion })),
    ];
}

/** The compiled action behind an Action. */
export function compiledOf(action: Action): CompiledTable | CompiledOperation | CompiledAssertion {
    return action.kind === "operation" ? action.operation : action.kind === "assertion" ? action.assertion : action.table;
}

export function tableKind(table: CompiledTable): TableKind {
    const type = table.enumType ?? table.type?.toUpperCase();
    if (type === "VIEW") return "view";
    if (type === "INCREMENTAL") return "incremental";
    if (type === "TABLE") return "table";
    throw new Error(`${targetName(table.target)}: unsupported table type ${type}`);
}

/**
 * The selected actions in run order: every action after its dependencies.
 * Dependencies outside the selection (declarations, unselected actions) are
 * taken as already there, as `dataform run` does, and dropped from the list.
 */
export function runOrder(graph: CompiledGraph, selected: Set<string>): RunAction[] {
    refuseProjectOnlyCollisions(graph);
    const all = [...graphActions(graph), ...locallySkippedActions(graph)].filter((action) => selected.has(action.name));
    const byName = new Map(all.map((action) => [action.name, action]));
    for (const action of all) action.dependencies = action.dependencies.filter((name) => byName.has(name));

    const ordered: RunAction[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (action: RunAction, path: string[]) => {
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

/** The local warehouse drops the project from names, so two targets differing only by project would collide. */
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
