import { parseArgs, type ParseArgsConfig } from "node:util";

/** node:util parseArgs with a usage line on --help or on a bad option. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], usage: string, options: T) {
    try {
        const parsed = parseArgs({ args: argv, options: { ...options, help: { type: "boolean" } }, allowPositionals: true, strict: true });
        if ((parsed.values as { help?: boolean }).help) {
            console.log(usage);
            return undefined;
        }
        return parsed;
    } catch (error) {
        throw new UsageError(`${(error as Error).message}\n${usage}`);
    }
}

export class UsageError extends Error {}

/** "a,b" or repeated flags -> ["a", "b"]. */
export function listOption(value: string | string[] | undefined): string[] {
    return (Array.isArray(value) ? value : value ? [value] : [])
        .flatMap((item) => item.split(","))
        .map((item) => item.trim())
        .filter(Boolean);
}

/** "k=v,k2=v2" -> {k: "v", k2: "v2"}. */
export function varsOption(value: string | string[] | undefined): Record<string, string> {
    return Object.fromEntries(
        listOption(value).map((pair) => {
            const at = pair.indexOf("=");
            if (at <= 0) throw new UsageError(`--vars takes key=value pairs, got "${pair}"`);
            return [pair.slice(0, at), pair.slice(at + 1)];
        }),
    );
}
