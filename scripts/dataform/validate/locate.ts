/**
 * Maps a position in compiled SQL back to its SQLX file. Dataform's compiled
 * SQL is the file's text with the config block (and pre/post operation blocks)
 * taken out and every `${...}` replaced by what it evaluates to, so lines are
 * matched as templates: a file line's literal text must appear verbatim, its
 * `${...}` parts match anything. The compiled lines and the file lines are
 * aligned by a longest common subsequence, which keeps duplicate lines
 * (`from`, `)`) in their order.
 */

export interface SourcePosition {
    line: number;
    column: number;
    /** True when the position falls in text a `${...}` generated: it is where that `${` starts. */
    generated: boolean;
}

interface TemplatePiece {
    kind: "text" | "code";
    /** Offset of the piece in the file. */
    start: number;
    text: string;
}

interface TemplateLine {
    /** 1-based line number in the file. */
    line: number;
    pieces: TemplatePiece[];
    pattern: RegExp | undefined;
}

/** The file position of `offset` in `compiled`; undefined when the file does not hold the compiled text. */
export function locateInFile(fileText: string, compiled: string, offset: number): SourcePosition | undefined {
    const templateLines = splitTemplateLines(fileText);
    const compiledLines = compiled.split("\n");
    const [lineIndex, column] = lineAndColumn(compiled, offset);
    const matches = alignLines(compiledLines, templateLines);
    const matched = matches.get(lineIndex);
    if (matched !== undefined) return columnInLine(templateLines[matched]!, compiledLines[lineIndex]!, column, fileText);
    return generatedBy(matches, lineIndex, templateLines, fileText);
}

/** 0-based line and 0-based column of an offset. */
function lineAndColumn(text: string, offset: number): [number, number] {
    const before = text.slice(0, offset);
    const lineStart = before.lastIndexOf("\n") + 1;
    return [before.split("\n").length - 1, offset - lineStart];
}

function positionOf(fileText: string, offset: number, generated: boolean): SourcePosition {
    const [line, column] = lineAndColumn(fileText, offset);
    return { line: line + 1, column: column + 1, generated };
}

/**
 * A compiled line with no file line of its own came out of a `${...}`: the
 * first one in the unmatched file lines around it, else the last one on the
 * matched line above (its expansion ran past the end of that line).
 */
function generatedBy(
    matches: Map<number, number>,
    lineIndex: number,
    templateLines: TemplateLine[],
    fileText: string,
): SourcePosition | undefined {
    let previous = -1;
    let next = templateLines.length;
    for (const [compiledLine, fileLine] of matches) {
        if (compiledLine < lineIndex) previous = Math.max(previous, fileLine);
        else next = Math.min(next, fileLine);
    }
    const codeOn = (lines: TemplateLine[]) =>
        lines.flatMap((line) => line.pieces).filter((piece) => piece.kind === "code" && piece.text !== "");
    const piece =
        codeOn(templateLines.slice(previous + 1, next))[0] ?? codeOn(templateLines.slice(Math.max(previous, 0), previous + 1)).at(-1);
    return piece ? positionOf(fileText, piece.start, true) : undefined;
}

function columnInLine(template: TemplateLine, compiledLine: string, column: number, fileText: string): SourcePosition {
    const groups = template.pattern!.exec(compiledLine)!.indices!;
    for (const [index, piece] of template.pieces.entries()) {
        const [start, end] = groups[index + 1]!;
        const inside = column >= start && (column < end || (column === end && index === template.pieces.length - 1));
        if (!inside) continue;
        return positionOf(fileText, piece.kind === "text" ? piece.start + (column - start) : piece.start, piece.kind === "code");
    }
    return positionOf(fileText, template.pieces[0]?.start ?? 0, false);
}

/** Longest common subsequence of compiled lines and file lines that match them: compiled line -> template line. */
function alignLines(compiledLines: string[], templateLines: TemplateLine[]): Map<number, number> {
    const rows = compiledLines.length;
    const cols = templateLines.length;
    const fits = (i: number, j: number) => {
        const pattern = templateLines[j]!.pattern;
        // Blank lines match too easily to anchor anything.
        return pattern !== undefined && compiledLines[i]!.trim() !== "" && pattern.test(compiledLines[i]!);
    };
    const length = Array.from({ length: rows + 1 }, () => new Int32Array(cols + 1));
    for (let i = rows - 1; i >= 0; i--) {
        for (let j = cols - 1; j >= 0; j--) {
            length[i]![j] = fits(i, j) ? length[i + 1]![j + 1]! + 1 : Math.max(length[i + 1]![j]!, length[i]![j + 1]!);
        }
    }
    const matches = new Map<number, number>();
    let i = 0;
    let j = 0;
    while (i < rows && j < cols) {
        if (fits(i, j) && length[i]![j] === length[i + 1]![j + 1]! + 1) matches.set(i++, j++);
        else if (length[i + 1]![j]! >= length[i]![j + 1]!) i++;
        else j++;
    }
    return matches;
}

/** The file cut into lines of text and `${...}` pieces; a line inside a multi-line `${...}` gets no pattern. */
function splitTemplateLines(fileText: string): TemplateLine[] {
    const pieces = templatePieces(fileText);
    const lines: TemplateLine[] = fileText.split("\n").map((_, index) => ({ line: index + 1, pieces: [], pattern: undefined }));
    const spanned = new Set<number>();
    for (const piece of pieces) {
        const firstLine = lineAndColumn(fileText, piece.start)[0];
        if (piece.kind === "code") {
            const lastLine = lineAndColumn(fileText, piece.start + piece.text.length)[0];
            lines[firstLine]!.pieces.push(piece);
            if (lastLine !== firstLine) lines[lastLine]!.pieces.push({ ...piece, text: "" });
            for (let line = firstLine + 1; line < lastLine; line++) spanned.add(line);
            continue;
        }
        let start = piece.start;
        for (const [index, text] of piece.text.split("\n").entries()) {
            if (text !== "" || index === 0) lines[firstLine + index]!.pieces.push({ kind: "text", start, text });
            start += text.length + 1;
        }
    }
    for (const line of lines) {
        if (!spanned.has(line.line - 1)) line.pattern = linePattern(line.pieces);
    }
    return lines;
}

function linePattern(pieces: TemplatePiece[]): RegExp | undefined {
    // A line of only `${...}` and blanks would match any line: it cannot anchor the alignment.
    if (!pieces.some((piece) => piece.kind === "text" && piece.text.trim() !== "")) return undefined;
    const source = pieces.map((piece) => (piece.kind === "text" ? `(${escapeRegExp(piece.text)})` : "(.*?)")).join("");
    return new RegExp(`^${source}$`, "d");
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Splits SQLX text into literal text and `${...}` JavaScript (with its nested strings and templates). */
function templatePieces(text: string): TemplatePiece[] {
    const pieces: TemplatePiece[] = [];
    let cursor = 0;
    let at = text.indexOf("${");
    while (at >= 0) {
        if (at > cursor) pieces.push({ kind: "text", start: cursor, text: text.slice(cursor, at) });
        const end = endOfCode(text, at + 2);
        pieces.push({ kind: "code", start: at, text: text.slice(at, end) });
        cursor = end;
        at = text.indexOf("${", cursor);
    }
    if (cursor < text.length) pieces.push({ kind: "text", start: cursor, text: text.slice(cursor) });
    return pieces;
}

/** The offset just past the `}` closing JavaScript that starts at `start`. */
function endOfCode(text: string, start: number): number {
    let depth = 1;
    let index = start;
    while (index < text.length) {
        const char = text[index]!;
        if (char === "'" || char === '"') index = endOfString(text, index, char);
        else if (char === "`") index = endOfTemplate(text, index + 1);
        else {
            if (char === "{") depth++;
            if (char === "}" && --depth === 0) return index + 1;
            index++;
        }
    }
    return text.length;
}

function endOfString(text: string, start: number, quote: string): number {
    let index = start + 1;
    while (index < text.length && text[index] !== quote) index += text[index] === "\\" ? 2 : 1;
    return index + 1;
}

/** Past the closing backtick of a JavaScript template literal whose text starts at `start`. */
function endOfTemplate(text: string, start: number): number {
    let index = start;
    while (index < text.length && text[index] !== "`") {
        if (text[index] === "\\") index += 2;
        else if (text.startsWith("${", index)) index = endOfCode(text, index + 2);
        else index++;
    }
    return index + 1;
}
