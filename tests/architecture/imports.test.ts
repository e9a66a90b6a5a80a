/**
 * The layering docs/architecture.md describes, checked on the source: the
 * generic runner (dataform/, engines/) and the report (report/) know nothing
 * of this repository (tracking/) or of the command line (commands/), and the
 * engines know SQL, not Dataform.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SCRIPTS = resolve(import.meta.dirname, "..", "..", "scripts");

function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return sourceFiles(path);
        return /\.(ts|mts|mjs)$/.test(entry.name) ? [path] : [];
    });
}

/** Every relative import of every file under scripts/<part>, as the part of scripts/ it lands in. */
function importsOf(part: string): { file: string; target: string }[] {
    return sourceFiles(join(SCRIPTS, part)).flatMap((file) => {
        const text = readFileSync(file, "utf8");
        const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)].map((match) => match[1]!);
        return specifiers.map((specifier) => ({
            file: relative(SCRIPTS, file),
            target: relative(SCRIPTS, resolve(dirname(file), specifier)),
        }));
    });
}

const landingIn = (imports: { file: string; target: string }[], parts: string[]) =>
    imports
        .filter(({ target }) => parts.some((part) => target === part || target.startsWith(`${part}/`)))
        .map(({ file, target }) => `${file} -> ${target}`);

describe("the parts of scripts/ and what each may import", () => {
    it("finds the imports it checks (the scan itself works)", () => {
        expect(importsOf("dataform").length).toBeGreaterThan(20);
        expect(landingIn(importsOf("commands"), ["tracking"]).length).toBeGreaterThan(0);
    });

    it("dataform/ imports neither tracking/ nor commands/", () => {
        expect(landingIn(importsOf("dataform"), ["tracking", "commands"])).toEqual([]);
    });

    it("engines/ imports neither tracking/, commands/ nor dataform/", () => {
        expect(landingIn(importsOf("engines"), ["tracking", "commands", "dataform"])).toEqual([]);
    });

    it("tracking/ does not import commands/", () => {
        expect(landingIn(importsOf("tracking"), ["commands"])).toEqual([]);
    });

    it("report/ imports neither tracking/ nor commands/ (it draws any project; this repository's pages come from tracking/)", () => {
        expect(importsOf("report").length).toBeGreaterThan(0);
        expect(landingIn(importsOf("report"), ["tracking", "commands"])).toEqual([]);
    });
});
