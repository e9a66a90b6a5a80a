/**
 * What the commands share: their options (as commander options with defaults
 * shown in --help), value parsers that answer in the user's words, the exit
 * codes, and the error a command throws for a wrong command line.
 */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { InvalidArgumentError, Option } from "commander";
import { varRefusal } from "../dataform/compile.ts";

/** Exit codes of every command (README, "Command line"). */
export const EXIT = {
    /** Everything asked for succeeded. */
    ok: 0,
    /** Something ran and failed: an action, an assertion, a unit test, a query, compilation. */
    failed: 1,
    /** The command line was wrong: an unknown command or option, a bad value, a path that is not there. */
    usage: 2,
    /** The warehouse file is held by another process. */
    warehouseInUse: 3,
} as const;

/** A command line that cannot be carried out as given (exit 2). */
export class UsageError extends Error {}

/** A whole number in [min, max]: "--users must be a whole number from 1 to 10000000, not -5". */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): (text: string) => number {
    return (text) => {
        const value = Number(text.trim());
        if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
            const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max.toLocaleString("en-US")}`;
            throw new InvalidArgumentError(`expected a whole number ${range}.`);
        }
        return value;
    };
}

/** A folder that exists, as an absolute path. */
export function existingFolder(text: string): string {
    const path = resolve(text);
    if (!existsSync(path)) throw new InvalidArgumentError(`there is no folder ${path}.`);
    if (!statSync(path).isDirectory()) throw new InvalidArgumentError(`${path} is a file, not a folder.`);
    return path;
}

/** Repeatable and comma-separated: `--tags a,b --tags c` -> [a, b, c]. */
export function list(text: string, previous: string[] = []): string[] {
    return [
        ...previous,
        ...text
            .split(",")
            .map((item) => item.trim())
            .filter(Boolean),
    ];
}

/**
 * `k=v,k2=v2` (repeatable) -> {k: "v", k2: "v2"}, as `dataform --vars` takes them; a value holding "="
 * is refused, as Dataform's CLI would cut it there (compile.ts, varRefusal).
 */
export function keyValues(text: string, previous: Record<string, string> = {}): Record<string, string> {
    const pairs = list(text).map((pair) => {
        const at = pair.indexOf("=");
        if (at <= 0)
            throw new InvalidArgumentError(
                `expected key=value pairs, such as reporting_currency=EUR,session_timeout_minutes=45; "${pair}" is not one.`,
            );
        const [key, value] = [pair.slice(0, at), pair.slice(at + 1)];
        const refusal = varRefusal(key, value);
        if (refusal) throw new InvalidArgumentError(`${refusal}.`);
        return [key, value] as const;
    });
    return { ...previous, ...Object.fromEntries(pairs) };
}

export const warehouseOption = () =>
    new Option("--warehouse <file>", "the local warehouse (a DuckDB file)").default(
        undefined,
        "$LOCAL_WAREHOUSE, else .local/warehouse.duckdb",
    );

export const projectOption = () =>
    new Option("--project <dir>", "the Dataform project to compile").argParser(existingFolder).default(resolve("."), "this repository");

export const varsOption = () =>
    new Option("--vars <k=v,...>", "compilation vars, as dataform --vars (repeatable)")
        .argParser(keyValues)
        .default({}, "the vars of workflow_settings.yaml");

export const jsonOption = () => new Option("--json", "print one JSON document of results on stdout (progress goes to stderr)");

/** --actions, --tags, --include-deps, --include-dependents and --exclude, as `dataform run` takes them (plus --exclude). */
export const selectionOptions = () => [
    new Option("--actions <names...>", 'actions to run: name, dataset.name or project.dataset.name; "*" matches any characters').argParser(
        list,
    ),
    new Option("--tags <tags...>", "add every action with one of these tags").argParser(list),
    new Option("--include-deps", "add the dependencies of the selected actions, transitively"),
    new Option("--include-dependents", "add the actions that depend on the selected ones, transitively"),
    new Option("--exclude <names...>", "remove these actions (same patterns as --actions) after the others are added").argParser(list),
];

/** The selection options' values, as scripts/dataform/select.ts takes them. */
export interface SelectionValues {
    actions?: string[];
    tags?: string[];
    includeDeps?: boolean;
    includeDependents?: boolean;
    exclude?: string[];
}
