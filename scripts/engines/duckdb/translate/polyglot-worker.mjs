// polyglot's parser and generator, on a thread with a large stack (polyglot-thread.ts).
import { workerData } from "node:worker_threads";
import { Dialect, generate, init, parse } from "@polyglot-sql/sdk";

const { port, signal } = workerData;
await init();

/** @param {{ id: number, operation: "parse" | "generate", input: any }} request */
function answer({ id, operation, input }) {
    let reply;
    try {
        // An object with toJSON takes polyglot's JSON-string path into the wasm,
        // about four times faster than handing it the array itself.
        reply = operation === "parse" ? parse(input, Dialect.BigQuery) : generate({ toJSON: () => input }, Dialect.DuckDB);
    } catch (error) {
        reply = { success: false, error: String(error) };
    }
    port.postMessage({ id, reply });
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
}

port.on("message", answer);
