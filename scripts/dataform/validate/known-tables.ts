/**
 * What the analyzer may assume exists while validating: the tables with known
 * columns (declarations with types, upstream outputs) and the targets whose
 * columns cannot be known, with the reason, so that actions reading them are
 * reported as not checked instead of failing or passing for the wrong reason.
 */
import type { CompiledTarget } from "../graph.ts";
import { targetName } from "../graph.ts";
import type { TableSchema } from "../../engines/zetasql/index.ts";
import type { Column } from "../../engines/values.ts";

export class KnownTables {
    private readonly known = new Map<string, TableSchema>();
    private readonly unknown = new Map<string, string>();

    /** `defaultDatabase` completes `dataset.table` names written in statements, as BigQuery's default project does. */
    constructor(private readonly defaultDatabase?: string) {}

    define(target: CompiledTarget, columns: Column[]): void {
        const key = this.keyOf(target);
        this.unknown.delete(key);
        this.known.set(key, { name: this.fullName(target), columns });
    }

    markUnknown(target: CompiledTarget, reason: string): void {
        const key = this.keyOf(target);
        this.known.delete(key);
        this.unknown.set(key, reason);
    }

    /** Why `target` has no known columns, if it is one of the unknown ones. */
    unknownReason(target: CompiledTarget): string | undefined {
        return this.unknown.get(this.keyOf(target));
    }

    columnsOf(target: CompiledTarget): Column[] | undefined {
        return this.known.get(this.keyOf(target))?.columns;
    }

    /** Table schemas for ZetaSql.analyze, leaving out `except` (a table that does not exist yet on a first run). */
    schemas(except?: CompiledTarget): TableSchema[] {
        const skipped = except ? this.keyOf(except) : undefined;
        return [...this.known].filter(([key]) => key !== skipped).map(([, schema]) => schema);
    }

    /** A name as a statement writes it (`dataset.table` or `project.dataset.table`) as a target. */
    targetOfPath(path: string[]): CompiledTarget | undefined {
        if (path.length === 2) return { database: this.defaultDatabase, schema: path[0]!, name: path[1]! };
        if (path.length === 3) return { database: path[0], schema: path[1]!, name: path[2]! };
        return undefined;
    }

    private fullName(target: CompiledTarget): string {
        return targetName({ ...target, database: target.database ?? this.defaultDatabase });
    }

    private keyOf(target: CompiledTarget): string {
        return this.fullName(target).toLowerCase();
    }
}
