/** This repository, as the commands that treat it specially find it. */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export function isThisRepository(projectDir: string): boolean {
    return resolve(projectDir) === REPOSITORY_ROOT;
}
