/** Holds a warehouse file open for writing until stdin closes: another process's run, for the lock tests. */
import { DuckDbEngine } from "../../scripts/engines/duckdb/engine.ts";

const engine = await DuckDbEngine.open(process.argv[2]!);
process.stdout.write("holding\n");
process.stdin.resume();
process.stdin.on("end", () => void engine.close().then(() => process.exit(0)));
