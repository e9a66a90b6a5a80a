/**
 * The ZetaSQL engine's warehouse: tables (columns and canonical rows) and views
 * (their SQL) held in memory, named as the DuckDB warehouse names them: by
 * dataset and table, the project dropped (see duckdb/naming.ts), case-insensitive.
 */
import type { RelationKind, Target } from "../engine.ts";
import type { Column, Row } from "../values.ts";

export type Relation =
    | { kind: "table"; target: Target; columns: Column[]; rows: Row[]; pseudoColumns?: string[] }
    | { kind: "view"; target: Target; sql: string };

/** The key of `dataset.table` or `project.dataset.table` (given as name parts); undefined for other paths. */
export function keyOfPath(parts: string[]): string | undefined {
    if (parts.length < 2 || parts.length > 3 || parts.some((part) => part === "")) return undefined;
    return keyOf({ schema: parts.at(-2)!, name: parts.at(-1)! });
}

export function keyOf(target: Target): string {
    return `${target.schema}.${target.name}`.toLowerCase();
}

export function displayName(target: Target): string {
    return `${target.schema}.${target.name}`;
}

export function quoteColumn(name: string): string {
    return `\`${name.replace(/[`\\]/g, "\\$&")}\``;
}

export class Relations {
    private readonly byKey = new Map<string, Relation>();
    private readonly schemas = new Set<string>();

    get(target: Target): Relation | undefined {
        return this.byKey.get(keyOf(target));
    }

    byPath(parts: string[]): Relation | undefined {
        const key = keyOfPath(parts);
        return key === undefined ? undefined : this.byKey.get(key);
    }

    kindOf(target: Target): RelationKind | undefined {
        return this.get(target)?.kind;
    }

    /** The stored table; an error naming the target when it is missing or a view. */
    table(target: Target): Extract<Relation, { kind: "table" }> {
        const relation = this.get(target);
        if (!relation) throw new Error(`Not found: Table ${displayName(target)}`);
        if (relation.kind !== "table") throw new Error(`${displayName(target)} is a view, not a table`);
        return relation;
    }

    /** Stores a relation; replacing one of the other kind is refused, as BigQuery refuses it. */
    put(relation: Relation): void {
        const { target } = relation;
        if (!this.hasSchema(target.schema)) throw new Error(`Not found: Dataset ${target.schema} (creating ${displayName(target)})`);
        const existing = this.get(target);
        if (existing && existing.kind !== relation.kind) throw new Error(`${displayName(target)} already exists as a ${existing.kind}`);
        this.byKey.set(keyOf(target), relation);
    }

    delete(target: Target): void {
        this.byKey.delete(keyOf(target));
    }

    hasSchema(schema: string): boolean {
        return this.schemas.has(schema.toLowerCase());
    }

    addSchema(schema: string): void {
        this.schemas.add(schema.toLowerCase());
    }

    dropSchema(schema: string): void {
        const inside = this.list().filter((target) => target.schema.toLowerCase() === schema.toLowerCase());
        if (inside.length > 0) throw new Error(`Dataset ${schema} is still in use: it holds ${inside.map(displayName).join(", ")}`);
        this.schemas.delete(schema.toLowerCase());
    }

    /** A copy to restore: relations are replaced, never changed in place, so copying the maps is enough. */
    snapshot(): { byKey: Map<string, Relation>; schemas: Set<string> } {
        return { byKey: new Map(this.byKey), schemas: new Set(this.schemas) };
    }

    restore(snapshot: { byKey: Map<string, Relation>; schemas: Set<string> }): void {
        this.byKey.clear();
        for (const [key, relation] of snapshot.byKey) this.byKey.set(key, relation);
        this.schemas.clear();
        for (const schema of snapshot.schemas) this.schemas.add(schema);
    }

    list(): Target[] {
        return [...this.byKey.values()].map((relation) => relation.target);
    }
}
