/** The one command line: `npm run local -- <command> [options]`. Dispatch only. */
import { UsageError } from "./commands/args.ts";

const commands: Record<string, () => Promise<{ main: (argv: string[]) => Promise<number> }>> = {
    run: () => import("./commands/run.ts"),
    query: () => import("./commands/query.ts"),
    load: () => import("./commands/load.ts"),
    generate: () => import("./commands/generate.ts"),
    demo: () => import("./commands/demo.ts"),
    bench: () => import("./commands/bench.ts"),
    bq: () => import("./commands/bq.ts"),
    validate: () => import("./commands/validate.ts"),
};

const [name, ...argv] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
    console.error(`usage: npm run local -- <${Object.keys(commands).join("|")}> [options]   (--help on each)`);
    process.exit(2);
}
try {
    process.exitCode = await (await command()).main(argv);
} catch (error) {
    console.error(`error: ${(error as Error).message}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
}
