import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DiskCache, sha256, versionOf } from "../engines/disk-cache.ts";
import type { CompilationError, CompiledGraph } from "./graph.ts";

const require = createRequire(import.meta.url);
const run = promisify(execFile);

export class CompilationFailed extends Error {
    constructor(readonly errors: CompilationError[]) {
        super(
            `Compilation failed with ${errors.length} error(s):\n` +
                errors.map((error) => `  ${error.fileName ?? "(project)"}: ${error.message}`).join("\n"),
        );
    }
}

export interface CompileOptions {
    /** Overrides of workflow_settings.yaml vars, as `dataform compile --vars` takes them. */
    vars?: Record<string, string>;
}

/**
 * Why a var cannot reach the compiler through `dataform compile --vars k=v,k2=v2`, or undefined when
 * it can: the Dataform CLI splits the option at every "," and keeps a pair's text up to its second
 * "=" only (@dataform/cli 3.0: `const [key, value] = keyValueStr.split("=")`), so such a value would
 * be cut without a word. Such values belong in workflow_settings.yaml.
 */
export function varRefusal(key: string, value: string): string | undefined {
    const cut = [",", "="].find((char) => value.includes(char));
    if (cut === undefined) return undefined;
    return (
        `var ${key}: ${JSON.stringify(value)} holds "${cut}", which dataform --vars cannot pass ` +
        `(it splits at every "," and cuts a value at "="); set this value in workflow_settings.yaml instead`
    );
}

/**
 * Compiles a Dataform project with the real Dataform CLI and the project's own
 * @dataform/core, returning the graph `dataform compile --json` prints.
 * Throws CompilationFailed (file and message per error) when the project does not compile.
 */
export async function compileProject(projectDir: string, options: CompileOptions = {}): Promise<CompiledGraph> {
    const dir = resolve(projectDir);
    if (!existsSync(join(dir, "workflow_settings.yaml")) && !existsSync(join(dir, "dataform.json"))) {
        throw new Error(`${dir} is not a Dataform project: it has no workflow_settings.yaml`);
    }
    // The compiler takes about 5 s; a project whose files and vars are as they were compiles as it did.
    const key = compilationKey(dir, options.vars ?? {});
    const cached = compilations().get(key);
    if (cached !== undefined) return JSON.parse(cached) as CompiledGraph;
    const graph = await compileNow(dir, options);
    compilations().set(key, JSON.stringify(graph));
    return graph;
}

let cache: DiskCache | undefined;
/** Compiled graphs on disk (.local/cache), under the version of the CLI, of @dataform/core and of this file. */
function compilations(): DiskCache {
    const cli = (require("@dataform/cli/package.json") as { version: string }).version;
    return (cache ??= new DiskCache("compilations", versionOf([fileURLToPath(import.meta.url)], cli, installedCoreVersion()), 200));
}

/**
 * What a compilation depends on: the vars and every file of the project, as stageWithCore copies them
 * (so the project's own installed @dataform/core too, by its package.json).
 */
function compilationKey(dir: string, vars: Record<string, string>): string {
    const parts = [JSON.stringify(Object.entries(vars).sort())];
    const visit = (folder: string) => {
        for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
            const path = join(folder, entry.name);
            // A link is read as what it points to, as the compiler reads it.
            const kind = entry.isSymbolicLink() ? statSync(path, { throwIfNoEntry: false }) : entry;
            if (kind?.isDirectory()) {
                if (![".git", ".local", "node_modules"].includes(entry.name)) visit(path);
            } else if (kind?.isFile()) {
                parts.push(relative(dir, path), sha256(readFileSync(path, "latin1")));
            }
        }
    };
    visit(dir);
    const ownCore = join(dir, "node_modules", "@dataform", "core", "package.json");
    if (existsSync(ownCore)) parts.push(readFileSync(ownCore, "utf8"));
    return sha256(...parts);
}

async function compileNow(dir: string, options: CompileOptions): Promise<CompiledGraph> {
    const staged = stageWithCore(dir);
    try {
        const args = [dataformCli(), "compile", staged ?? dir, "--json"];
        const vars = Object.entries(options.vars ?? {});
        const refusal = vars.map(([key, value]) => varRefusal(key, value)).find(Boolean);
        if (refusal) throw new Error(refusal);
        if (vars.length > 0) args.push(`--vars=${vars.map(([key, value]) => `${key}=${value}`).join(",")}`);
        const { stdout } = await run(process.execPath, args, { maxBuffer: 512 * 1024 * 1024 }).catch((error) => {
            // The CLI prints compilation errors as JSON on stdout with a non-zero exit; anything else is a crash.
            if (typeof error.stdout === "string" && error.stdout.trim().startsWith("{")) return error;
            throw new Error(`dataform compile failed for ${dir}:\n${stripAnsi(String(error.stderr || error.message))}`);
        });
        const graph = JSON.parse(stdout) as CompiledGraph;
        const errors = graph.graphErrors?.compilationErrors ?? [];
        if (errors.length > 0) throw new CompilationFailed(errors);
        return graph;
    } finally {
        if (staged) rmSync(staged, { recursive: true, force: true });
    }
}

function dataformCli(): string {
    return join(require.resolve("@dataform/cli/package.json"), "..", "bundle.js");
}

/** The version of @dataform/core this repository has installed. */
export function installedCoreVersion(): string {
    return (require("@dataform/core/package.json") as { version: string }).version;
}

/**
 * The CLI loads @dataform/core from the project's own node_modules. A project
 * that pins the same version this repository has installed but has not run
 * `npm install` (our test fixtures, a fresh checkout) is compiled from a
 * temporary copy holding our copy of that exact version; a project pinning
 * another version must install it itself.
 */
function stageWithCore(dir: string): string | undefined {
    if (existsSync(join(dir, "node_modules", "@dataform", "core", "bundle.js"))) return undefined;
    const pinned = pinnedCoreVersion(dir);
    const installed = installedCoreVersion();
    if (pinned !== installed) {
        throw new Error(
            `${dir} has no installed @dataform/core` +
                (pinned
                    ? ` (it pins ${pinned}; this tool carries ${installed}): run \`npm install\` there`
                    : `: pin "@dataform/core": "${installed}" in its package.json`),
        );
    }
    const staged = mkdtempSync(join(tmpdir(), "dataform-compile-"));
    cpSync(dir, staged, {
        recursive: true,
        filter: (source) => !source.includes(`${dir}/.local`) && !source.includes(`${dir}/node_modules`),
    });
    cpSync(join(require.resolve("@dataform/core/package.json"), ".."), join(staged, "node_modules", "@dataform", "core"), {
        recursive: true,
    });
    const settingsPath = join(staged, "workflow_settings.yaml");
    if (existsSync(settingsPath)) {
        writeFileSync(settingsPath, readFileSync(settingsPath, "utf8").replace(/^dataformCoreVersion:.*$/m, ""));
    }
    if (!existsSync(join(staged, "package.json"))) {
        writeFileSync(join(staged, "package.json"), JSON.stringify({ dependencies: { "@dataform/core": installed } }));
    }
    return staged;
}

function pinnedCoreVersion(dir: string): string | undefined {
    const packagePath = join(dir, "package.json");
    if (existsSync(packagePath)) {
        const manifest = JSON.parse(readFileSync(packagePath, "utf8")) as { dependencies?: Record<string, string> };
        const version = manifest.dependencies?.["@dataform/core"];
        if (version) return version.replace(/^[=^~]/, "");
    }
    const settingsPath = join(dir, "workflow_settings.yaml");
    if (existsSync(settingsPath)) {
        return /^dataformCoreVersion:\s*["']?([^"'\s]+)/m.exec(readFileSync(settingsPath, "utf8"))?.[1];
    }
    return undefined;
}

function stripAnsi(text: string): string {
    return text.replace(/\u001b\[[0-9;]*m/g, "");
}
