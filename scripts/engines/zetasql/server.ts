/**
 * Lifecycle of the ZetaSQL reference server (a native gRPC server shipped in
 * @fivetrandevelopers/zetasql): spawn on a free port, wait until it listens,
 * restart it after a crash, and stop it with its owner.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

const require = createRequire(import.meta.url);
const packageRoot = path.dirname(require.resolve("@fivetrandevelopers/zetasql/package.json"));
const nativeDir = path.join(packageRoot, "lib", "zetasql");
const SERVICE = "zetasql.local_service.ZetaSqlLocalService";

/** The server rejects requests above gRPC's default 4 MB; it has no flag to raise that. */
export const SERVER_MESSAGE_LIMIT = 4 * 1024 * 1024;

const STARTUP_TIMEOUT_MS = 60_000;
const DEFAULT_CALL_TIMEOUT_MS = 120_000;

export class ZetaSqlServerError extends Error {
    constructor(
        message: string,
        readonly code: grpc.status | "CRASH" | "TIMEOUT",
    ) {
        super(message);
        this.name = "ZetaSqlServerError";
    }
}

let packageDefinition: protoLoader.PackageDefinition | undefined;
function loadDefinition(): protoLoader.PackageDefinition {
    packageDefinition ??= protoLoader.loadSync("local_service.proto", {
        includeDirs: [path.join(nativeDir, "protos")],
        defaults: true,
        oneofs: true,
        longs: String,
        enums: String,
        bytes: Buffer,
    });
    return packageDefinition;
}

function nativeBinary(): string {
    if (process.platform !== "linux" && process.platform !== "darwin") {
        throw new Error(`ZetaSQL server: no native binary for ${process.platform}`);
    }
    const arm = process.arch === "arm64" ? "_arm" : "";
    return path.join(nativeDir, `remote_server${arm}${process.platform === "linux" ? ".so" : ""}`);
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const probe = createServer();
        probe.unref();
        probe.on("error", reject);
        probe.listen(0, "127.0.0.1", () => {
            const address = probe.address();
            const port = typeof address === "object" && address ? address.port : 0;
            probe.close(() => resolve(port));
        });
    });
}

/*
 * The server runs under a small shell so that it dies with us even when Node
 * is killed with SIGKILL: the shell's stdin is a pipe from Node, and EOF on it
 * kills the server (background jobs get /dev/null as stdin, hence fd 3). The shell leads its own process group, so stop() kills
 * shell and server together by group id.
 */
const WATCHDOG = `exec 3<&0
"$0" localhost "$1" </dev/null 3<&- & p=$!
(while read -r _ <&3; do :; done; kill -9 $p 2>/dev/null) &
wait $p; s=$?
exit $s`;

interface Running {
    child: ChildProcess;
    client: grpc.Client;
    port: number;
    exited: Promise<void>;
    hasExited: () => boolean;
    output: () => string;
}

type Callable = (
    request: unknown,
    options: grpc.CallOptions,
    callback: (error: grpc.ServiceError | null, response: unknown) => void,
) => void;

export class ZetaSqlServer {
    private running: Promise<Running> | undefined;
    private stopped = false;
    /** How many times the server was started; a restart after a crash adds one. */
    starts = 0;
    private readonly onExit = () => this.killNow();

    private constructor(private readonly callTimeoutMs: number) {}

    static async start(options: { callTimeoutMs?: number } = {}): Promise<ZetaSqlServer> {
        const server = new ZetaSqlServer(options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS);
        process.once("exit", server.onExit);
        try {
            await server.ensureRunning();
        } catch (error) {
            await server.stop();
            throw error;
        }
        return server;
    }

    /** Process id of the server itself (not the watchdog shell); for tests that simulate crashes. */
    async pid(): Promise<number> {
        const running = await this.ensureRunning();
        // The server is the watchdog shell's child named remote_server*.
        const children = execFileSync("ps", ["-o", "pid=,comm=", "--ppid", String(running.child.pid)], { encoding: "utf8" });
        const line = children.split("\n").find((entry) => entry.includes("remote_server"));
        if (!line) throw new Error("ZetaSQL server process not found");
        return Number(line.trim().split(/\s+/)[0]);
    }

    /**
     * Calls one RPC. A crash of the server during the call is reported as an
     * error naming `statement`, and the next call starts a fresh server.
     */
    async call<Response>(method: string, request: unknown, statement: string): Promise<Response> {
        if (this.stopped) throw new Error("ZetaSQL server was stopped");
        const running = await this.ensureRunning();
        const callable = (running.client as unknown as Record<string, Callable>)[method];
        if (!callable) throw new Error(`ZetaSQL server: no RPC ${method}`);
        try {
            return await new Promise<Response>((resolve, reject) => {
                callable.call(running.client, request, { deadline: Date.now() + this.callTimeoutMs }, (error, response) =>
                    error ? reject(error) : resolve(response as Response),
                );
            });
        } catch (caught) {
            const error = caught as grpc.ServiceError;
            if (error.code === grpc.status.DEADLINE_EXCEEDED) {
                // A hung server is as useless as a dead one.
                await this.discard(running);
                throw new ZetaSqlServerError(
                    `ZetaSQL server did not answer ${method} within ${this.callTimeoutMs} ms; restarted it. Statement: ${brief(statement)}`,
                    "TIMEOUT",
                );
            }
            if (await crashed(running, error)) {
                await this.discard(running);
                throw new ZetaSqlServerError(
                    `ZetaSQL server crashed on ${method}; restarted it. Statement: ${brief(statement)}\n${running.output().slice(-2000)}`,
                    "CRASH",
                );
            }
            if (error.code === grpc.status.RESOURCE_EXHAUSTED) {
                const size = requestSize(method, request);
                throw new ZetaSqlServerError(
                    `ZetaSQL request too large: ${size} bytes, the server accepts at most ${SERVER_MESSAGE_LIMIT} bytes (${error.details})`,
                    error.code,
                );
            }
            throw new ZetaSqlServerError(error.details || error.message, error.code);
        }
    }

    async stop(): Promise<void> {
        this.stopped = true;
        process.removeListener("exit", this.onExit);
        const running = await this.running?.catch(() => undefined);
        this.running = undefined;
        if (running) await shutdown(running);
    }

    /** The newest child; 'exit' handlers run synchronously, so it must be at hand without awaiting. */
    private current: ChildProcess | undefined;

    private killNow(): void {
        if (this.current) killGroup(this.current);
    }

    private async discard(running: Running): Promise<void> {
        if (this.current === running.child) this.current = undefined;
        this.running = undefined;
        await shutdown(running);
    }

    private ensureRunning(): Promise<Running> {
        if (this.stopped) return Promise.reject(new Error("ZetaSQL server was stopped"));
        this.running ??= this.launchWithRetries();
        const pending = this.running;
        pending.catch(() => {
            if (this.running === pending) this.running = undefined;
        });
        return pending;
    }

    private async launchWithRetries(): Promise<Running> {
        let lastError: unknown;
        // A port found free can be taken before the server binds it: try again on another.
        for (let attempt = 0; attempt < 3; attempt++) {
            try {
                return await this.launch(await freePort());
            } catch (error) {
                lastError = error;
            }
        }
        throw lastError;
    }

    private launch(port: number): Promise<Running> {
        this.starts++;
        const child = spawn("/bin/sh", ["-c", WATCHDOG, nativeBinary(), String(port)], {
            detached: true,
            stdio: ["pipe", "pipe", "pipe"],
        });
        this.current = child;
        let output = "";
        let exitedFlag = false;
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        void exited.then(() => {
            exitedFlag = true;
        });
        const collect = (chunk: Buffer) => {
            output = (output + chunk.toString("utf8")).slice(-20_000);
        };
        child.stdout!.on("data", collect);
        child.stderr!.on("data", collect);
        // Nothing else keeps the event loop alive on account of the server.
        child.unref();
        (child.stdout as unknown as { unref?: () => void }).unref?.();
        (child.stderr as unknown as { unref?: () => void }).unref?.();
        (child.stdin as unknown as { unref?: () => void }).unref?.();

        return new Promise<Running>((resolve, reject) => {
            const fail = (message: string) => {
                clearTimeout(timer);
                killGroup(child);
                reject(new Error(`${message}\n${output.slice(-2000)}`));
            };
            const timer = setTimeout(
                () => fail(`ZetaSQL server did not listen on port ${port} within ${STARTUP_TIMEOUT_MS} ms`),
                STARTUP_TIMEOUT_MS,
            );
            void exited.then(() => fail(`ZetaSQL server exited during startup (port ${port})`));
            const onData = () => {
                if (!output.includes(`Server listening on localhost:${port}`)) return;
                child.stdout!.off("data", onData);
                clearTimeout(timer);
                const Service = grpc.makeClientConstructor(loadDefinition()[SERVICE] as grpc.ServiceDefinition, SERVICE);
                const client = new Service(`localhost:${port}`, grpc.credentials.createInsecure(), {
                    // Our side accepts anything; the server's own 4 MB cap still applies to requests.
                    "grpc.max_send_message_length": -1,
                    "grpc.max_receive_message_length": -1,
                });
                resolve({ child, client, port, exited, hasExited: () => exitedFlag, output: () => output });
            };
            child.stdout!.on("data", onData);
        });
    }
}

async function crashed(running: Running, error: grpc.ServiceError): Promise<boolean> {
    if (running.hasExited()) return true;
    const transport = [grpc.status.UNAVAILABLE, grpc.status.CANCELLED, grpc.status.UNKNOWN, grpc.status.INTERNAL];
    if (!transport.includes(error.code)) return false;
    // The connection drops a moment before the exit is reported.
    await Promise.race([running.exited, new Promise((resolve) => setTimeout(resolve, 1000))]);
    return running.hasExited();
}

/**
 * Closing the watchdog's stdin makes it kill and reap the server, so no zombie
 * is left to a parent that may not reap (PID 1 in containers). If that does not
 * end it soon, kill the whole group.
 */
async function shutdown(running: Running): Promise<void> {
    running.client.close();
    // The child and its pipes are unref'ed while the server runs; while we wait for its exit, they must
    // hold the event loop, or Node finds nothing to wait on and exits (code 13) in the middle of stop().
    running.child.ref();
    running.child.stdin?.end();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => {
        timer = setTimeout(() => resolve("late"), 2000);
    });
    try {
        if ((await Promise.race([running.exited, late])) === "late") {
            killGroup(running.child);
            await running.exited;
        }
    } finally {
        clearTimeout(timer);
    }
}

function killGroup(child: ChildProcess): void {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
        process.kill(-child.pid, "SIGKILL");
    } catch {
        // Already gone.
    }
}

function requestSize(method: string, request: unknown): number {
    const definition = loadDefinition()[SERVICE] as Record<string, { requestSerialize: (value: unknown) => Buffer }>;
    return definition[method]?.requestSerialize(request).length ?? -1;
}

function brief(statement: string): string {
    const flat = statement.replace(/\s+/g, " ").trim();
    return flat.length > 500 ? `${flat.slice(0, 500)}...` : flat;
}
