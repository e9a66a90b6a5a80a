import { selectableTargets } from "./actions.ts";
import { closest, distance } from "fastest-levenshtein";
import { targetName, type CompiledGraph, type CompiledTarget } from "./graph.ts";

export interface Selection {
    /** `db.schema.name`, `schema.name` or a bare name; `*` matches any run of characters. */
    actions?: string[];
    tags?: string[];
    includeDeps?: boolean;
    includeDependents?: boolean;
    /** Patterns as `actions` takes them: removed from the selection last, after dependencies and dependents are added. */
    exclude?: string[];
}

/** A selection that names no action, or a bare name that several actions have: the command line is wrong. */
export class SelectionError extends Error {}

interface Selectable {
    target: CompiledTarget;
    dependencyTargets?: CompiledTarget[];
    tags?: string[];
}

/**
 * The names of the actions a run covers, by the rules of `dataform run`:
 * nothing selected means everything; --actions and --tags add to each other;
 * --include-deps / --include-dependents add transitive ones. Assertions are
 * not added automatically. Then --exclude removes what it names. A pattern
 * that matches nothing, or a bare name that is ambiguous, is an error
 * (Dataform ignores unknown names silently; a typo should not run nothing).
 */
export function selectActions(graph: CompiledGraph, selection: Selection): Set<string> {
    const all: Selectable[] = selectableTargets(graph);
    const names = all.map((action) => targetName(action.target));
    const selected = new Set<string>();
    if (!selection.actions?.length && !selection.tags?.length) {
        for (const name of names) selected.add(name);
    } else {
        for (const pattern of selection.actions ?? []) for (const name of matchActions(pattern, names, "--actions")) selected.add(name);
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
    }
    for (const pattern of selection.exclude ?? []) for (const name of matchActions(pattern, names, "--exclude")) selected.delete(name);
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

/**
 * The action names a pattern selects. Without a dot it is matched against
 * the bare name (the last part), with one against the full name or its
 * `schema.name` end. A pattern without `*` must name exactly one action; one
 * with `*` (any run of characters, dots included) selects every action it
 * matches, and at least one.
 */
export function matchActions(pattern: string, names: string[], option = "--actions"): string[] {
    const wildcard = pattern.includes("*");
    const expression = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`);
    const matches = names.filter((name) => {
        const parts = name.split(".");
        const candidates = pattern.includes(".") ? [name, parts.slice(-2).join(".")] : [parts.at(-1)!];
        return candidates.some((candidate) => expression.test(candidate));
    });
    if (matches.length === 0) {
        throw new SelectionError(
            `${option}: ${wildcard ? `no action matches "${pattern}"` : `no action named "${pattern}"`}${nearest(pattern, names)}`,
        );
    }
    if (!wildcard && matches.length > 1) {
        throw new SelectionError(`${option}: "${pattern}" is ambiguous; did you mean one of: ${matches.join(", ")}`);
    }
    return matches;
}

function escapeRegExp(text: string): string {
    return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}

/** "; did you mean x?" for the action whose bare name is closest to a mistyped one, when one is close. */
function nearest(pattern: string, names: string[]): string {
    const bare = pattern.split(".").at(-1)!.replaceAll("*", "");
    const best = closest(
        bare,
        names.map((name) => name.split(".").at(-1)!),
    );
    return distance(bare, best) <= Math.max(2, Math.floor(bare.length / 4))
        ? `; did you mean ${names.find((name) => name.endsWith(`.${best}`))}?`
        : "";
}
