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

    private requests = 0;

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

    /**
     * Each request carries an id the reply echoes. A reply may arrive after the
     * worker's signal (or after a caller gave up waiting); one for an earlier
     * request is dropped, so calls never take each other's answers.
     */
    private call<T>(operation: string, input: unknown): T {
        const id = ++this.requests;
        Atomics.store(this.signal, 0, 0);
        this.port.postMessage({ id, operation, input });
        const deadline = performance.now() + PolyglotThread.REPLY_TIMEOUT_MS;
        for (;;) {
            const received = receiveMessageOnPort(this.port);
            if (received) {
                const message = received.message as { id: number; reply: T };
                if (message.id === id) return message.reply;
                continue;
            }
            const remaining = deadline - performance.now();
            if (remaining <= 0) {
                throw new Error(`the SQL translator thread did not answer ${operation} within ${PolyglotThread.REPLY_TIMEOUT_MS / 1000} s`);
            }
            Atomics.wait(this.signal, 0, 0, Math.min(remaining, 20));
        }
    }
}
