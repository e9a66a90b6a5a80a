import type { Engine } from "../engines/engine.ts";
import type { CompiledGraph } from "./graph.ts";

/**
 * Copies the tables a project declares as its inputs from one engine to
 * another (a warehouse file into the in-memory reference evaluator), so a
 * run on the second sees the same data. Declarations the source does not
 * hold are left out; the run then fails on them by name. Returns the tables copied.
 */
export async function copyDeclaredInputs(graph: CompiledGraph, from: Engine, to: Engine): Promise<string[]> {
    const copied: string[] = [];
    for (const { target } of graph.declarations ?? []) {
        if ((await from.relationKind(target)) === undefined) continue;
        const columns = await from.columns(target);
        const { rows } = await from.query(`select * from \`${target.schema}.${target.name}\``);
        await to.createSchemaIfNotExists(target.database, target.schema);
        await to.loadRows(target, columns, rows);
        copied.push(`${target.schema}.${target.name}`);
    }
    return copied;
}
