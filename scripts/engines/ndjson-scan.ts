/**
 * One pass over an NDJSON file before it is loaded: its size and SHA-256 (the load ledger's
 * identity of a file), its lines, and which of them are blank (a reader that skips blank lines
 * numbers the others without them; the file's own 1-based line numbers count them). Only line
 * boundaries are looked at here; the rows are read and checked by the warehouse.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

export interface NdjsonScan {
    path: string;
    bytes: number;
    sha256: string;
    /** Lines holding a record or anything else but blanks; a last line without a newline counts. */
    lines: number;
    /** 1-based numbers of the lines holding nothing but spaces, tabs and carriage returns, in order. */
    blankLines: number[];
}

/** Reads the file once; `onProgress` after each chunk with the lines seen so far. */
export async function scanNdjson(path: string, onProgress?: (lines: number, bytes: number) => void): Promise<NdjsonScan> {
    const hash = createHash("sha256");
    let bytes = 0;
    let line = 1;
    let blank = true;
    const blankLines: number[] = [];
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 }) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        bytes += chunk.length;
        let start = 0;
        for (let end = chunk.indexOf(10, start); ; end = chunk.indexOf(10, start)) {
            const stop = end === -1 ? chunk.length : end;
            // a record line is long: only a short run can be all blanks
            for (let i = start; blank && i < stop; i++) blank = chunk[i] === 32 || chunk[i] === 9 || chunk[i] === 13;
            if (end === -1) break;
            if (blank) blankLines.push(line);
            line++;
            blank = true;
            start = end + 1;
        }
        onProgress?.(line - 1 - blankLines.length, bytes);
    }
    // the last line: counted when it holds anything (a final newline ends the file, it opens no line)
    const lastIsEmpty = blank;
    const totalLines = lastIsEmpty ? line - 1 : line;
    return { path, bytes, sha256: hash.digest("hex"), lines: totalLines - blankLines.length, blankLines };
}

/** The file's 1-based line of the n-th line that is not blank. */
export function fileLine(n: number, blankLines: readonly number[]): number {
    let line = n;
    for (const blank of blankLines) {
        if (blank > line) break;
        line++;
    }
    return line;
}
