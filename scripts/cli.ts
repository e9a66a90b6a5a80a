/** The one command line: `npm run local -- <command> [options]` (and `npm run demo | validate | bench | bq`). */
import { runCommandLine } from "./commands/program.ts";

// A reader that stops early (`| head`) is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
});
process.exitCode = await runCommandLine(process.argv.slice(2));
