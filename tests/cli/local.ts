import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);
export const root = join(import.meta.dirname, "..", "..");

/** Runs `npm run local -- ...` the way a user does (node + tsx), returning exit code and output. */
export async function local(
    args: string[],
    environment: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
        const { stdout, stderr } = await execFileAsync(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], {
            cwd: root,
            env: { ...process.env, ...environment },
        });
        return { code: 0, stdout, stderr };
    } catch (error) {
        const failure = error as { code: number; stdout: string; stderr: string };
        return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
    }
}
