import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { Json } from "./ast.ts";

/**
 * polyglot's whole-statement parse (BigQuery) and generate (DuckDB), called
 * synchronously but run on a worker thread with a large stack. Both recurse
 * over the statement in WebAssembly, and a statement with deep subqueries
 * (the daily marts' change detection: mart_attribution_daily's
 * pre-operation) overflows the main thread's default stack of under 1 MB
 * once V8 has optimized the recursion; tests/incremental shows it.
 */
export class PolyglotThread {
    private static readonly STACK_MB = 64;
    private static readonly REPLY_TIMEOUT_MS = 120_000;

    private constructor(
        private readonly port: MessagePort,
        private readonly signal: Int32Array,
    ) {}

    static start(): PolyglotThread {
        const channel = new MessageChannel();
        const signal = new Int32Array(new SharedArrayBuffer(4));
        const worker = new Worker(new URL("./polyglot-worker.mjs", import.meta.url), {
            workerData: { port: channel.port2, signal },
            transferList: [channel.port2],
            resourceLimits: { stackSizeMb: PolyglotThread.STACK_MB },
        });
        // The thread lives as long as the process, and keeps no process alive.
        worker.unref();
        channel.port1.unref();
        return new PolyglotThread(channel.port1, signal);
    }

    parse(bigQuerySql: string): { success: boolean; ast?: Json; error?: string } {
        return this.call("parse", bigQuerySql);
    }

    generate(statements: Json[]): { success: boolean; sql?: string[]; error?: string } {
        return this.call("generate", statements);
    }

    private call<T>(operation: string, input: unknown): T {
        Atomics.store(this.signal, 0, 0);
        this.port.postMessage({ operation, input });
        if (Atomics.wait(this.signal, 0, 0, PolyglotThread.REPLY_TIMEOUT_MS) === "timed-out") {
            throw new Error(`the SQL translator thread did not answer ${operation} within ${PolyglotThread.REPLY_TIMEOUT_MS / 1000} s`);
        }
        const reply = receiveMessageOnPort(this.port);
        if (!reply) throw new Error(`the SQL translator thread answered ${operation} without a result`);
        return reply.message as T;
    }
}
