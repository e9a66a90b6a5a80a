/** The one command line: `npm run local -- <command> [options]` (and `npm run demo | validate | bench | bq`). */
import { runCommandLine } from "./commands/program.ts";

process.exitCode = await runCommandLine(process.argv.slice(2));
