import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../scripts/dataform/compile.ts";
import type { CompiledGraph } from "../../scripts/dataform/graph.ts";
import { readScript } from "../../scripts/engines/script.ts";
import { loadTranslator, supportedFunctions, UnsupportedSqlError, type Translator } from "../../scripts/engines/duckdb/translate/index.ts";
import { PROJECT_DIR } from "../models/harness.ts";

/** Every SQL text of every compiled action, by the action's name and role. */
function actionSql(graph: CompiledGraph): [string, string][] {
    const named = (target: { schema: string; name: string }, role: string, sql: string[] | string | undefined): [string, string][] =>
        [sql ?? []].flat().map((text) => [`${target.schema}.${target.name} (${role})`, text]);
    return [
        ...(graph.tables ?? []).flatMap((table) => [
            ...named(table.target, "query", table.query),
            ...named(table.target, "incremental query", table.incrementalQuery),
            ...named(table.target, "pre-operation", table.preOps),
            ...named(table.target, "post-operation", table.postOps),
            ...named(table.target, "incremental pre-operation", table.incrementalPreOps),
            ...named(table.target, "incremental post-operation", table.incrementalPostOps),
        ]),
        ...(graph.operations ?? []).flatMap((operation) => named(operation.target, "operation", operation.queries)),
        ...(graph.assertions ?? []).flatMap((assertion) => named(assertion.target, "assertion", assertion.query)),
    ];
}

let translator: Translator;
let graph: CompiledGraph;
beforeAll(async () => {
    [translator, graph] = await Promise.all([loadTranslator(), compileProject(PROJECT_DIR, {})]);
});

describe("this repository's models stay inside the SQL subset (docs/sql-subset.md)", () => {
    it("every compiled action translates to DuckDB without a refusal", () => {
        const actions = actionSql(graph);
        expect(actions.length).toBeGreaterThan(50);
        const refusals: string[] = [];
        for (const [action, sql] of actions) {
            // As the engines run them: DECLARE/SET values are evaluated as queries, statements one by one.
            for (const step of readScript(sql)) {
                const expression = step.kind === "declare" || step.kind === "set" ? step.expression : undefined;
                const statement = step.kind === "statement" ? step.sql : expression ? `select ${expression} as value` : undefined;
                if (!statement) continue;
                try {
                    translator.toDuckDb(statement);
                } catch (error) {
                    if (!(error instanceof UnsupportedSqlError)) throw error;
                    refusals.push(`${action}: ${error.construct}`);
                }
            }
        }
        expect(refusals).toEqual([]);
    });

    it("lists exactly the translator's functions in docs/sql-subset.md", () => {
        const doc = readFileSync(new URL("../../docs/sql-subset.md", import.meta.url), "utf8");
        const section = /<!-- functions:start -->([\s\S]*?)<!-- functions:end -->/.exec(doc)?.[1] ?? "";
        const listed = [...section.matchAll(/^- `([^`]+)`$/gm)].map((match) => match[1]);
        expect(listed).toEqual(supportedFunctions());
    });
});
