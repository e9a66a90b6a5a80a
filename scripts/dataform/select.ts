import { selectableTargets } from "./actions.ts";
import { targetName, type CompiledGraph, type CompiledTarget } from "./graph.ts";

export interface Selection {
    /** Exact `db.schema.name`, `schema.name`, or a unique bare name. */
    actions?: string[];
    tags?: string[];
    includeDeps?: boolean;
    includeDependents?: boolean;
}

interface Selectable {
    target: CompiledTarget;
    dependencyTargets?: CompiledTarget[];
    tags?: string[];
}

/**
 * The names of the actions a run covers, by the rules of `dataform run`:
 * nothing selected means everything; --actions and --tags add to each other;
 * --include-deps / --include-dependents add transitive ones. Assertions are
 * not added automatically. An unknown or ambiguous --actions name is an error
 * (Dataform ignores unknown names silently; a typo should not run nothing).
 */
export function selectActions(graph: CompiledGraph, selection: Selection): Set<string> {
    const all: Selectable[] = selectableTargets(graph);
    const names = all.map((action) => targetName(action.target));
    if (!selection.actions?.length && !selection.tags?.length) return new Set(names);

    const selected = new Set<string>();
    for (const pattern of selection.actions ?? []) selected.add(resolveActionName(pattern, names));
    for (const action of all) {
        if (action.tags?.some((tag) => selection.tags?.includes(tag))) selected.add(targetName(action.target));
    }

    const byName = new Map(all.map((action) => [targetName(action.target), action]));
    const dependenciesOf = (name: string) =>
        (byName.get(name)?.dependencyTargets ?? []).map(targetName).filter((dependency) => byName.has(dependency));
    const dependentsOf = (name: string) =>
        all.filter((action) => (action.dependencyTargets ?? []).some((d) => targetName(d) === name)).map((a) => targetName(a.target));

    if (selection.includeDeps) closeOver(selected, dependenciesOf);
    if (selection.includeDependents) closeOver(selected, dependentsOf);
    return selected;
}

function closeOver(selected: Set<string>, next: (name: string) => string[]): void {
    const queue = [...selected];
    while (queue.length > 0) {
        for (const name of next(queue.pop()!)) {
            if (!selected.has(name)) {
                selected.add(name);
                queue.push(name);
            }
        }
    }
}

export function resolveActionName(pattern: string, names: string[]): string {
    const matches = names.filter((name) =>
        pattern.includes(".") ? name === pattern || name.endsWith(`.${pattern}`) : name.split(".").at(-1) === pattern,
    );
    if (matches.length === 1) return matches[0];
    if (matches.length === 0) throw new Error(`--actions: no action named "${pattern}"`);
    throw new Error(`--actions: "${pattern}" is ambiguous; did you mean one of: ${matches.join(", ")}`);
}
