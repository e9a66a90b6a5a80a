/**
 * The executor's Engine on the ZetaSQL reference evaluator: BigQuery SQL runs
 * as compiled, over tables held in memory (relations.ts). The evaluator keeps
 * no state and runs one query or one INSERT/UPDATE/DELETE at a time, so
 * everything else (CREATE TABLE AS, views, MERGE, insert_overwrite, scripts)
 * is carried out here, with the row matching itself computed by ZetaSQL.
 */
import { bigQueryPath, type Engine, type RelationKind, type Target } from "../engine.ts";
import { runScript, ScriptState } from "../script.ts";
import type { Column, QueryResult, Row } from "../values.ts";
import { tablePaths, ZetaSql, ZetaSqlServerError, type AstNode, type TableData, type TableSchema } from "./index.ts";
import { displayName, keyOf, quoteColumn, Relations, type Relation } from "./relations.ts";
import { readStatement, type Statement } from "./statements.ts";
import { expandWildcard, TABLE_SUFFIX } from "../wildcard.ts";

/** A row number added to a table while one statement runs, to tell which rows it touched. */
const ROW = "__zetasql_row";

type Table = Extract<Relation, { kind: "table" }>;
type Contents = Omit<TableData, "name">;
type Stage = (role: string, contents: Contents) => Target;

export class ZetaSqlEngine implements Engine {
    readonly name = "zetasql";
    private readonly held = new Relations();
    private readonly script = new ScriptState();
    private scratchCounter = 0;

    private constructor(
        private readonly zetaSql: ZetaSql,
        private readonly ownsServer: boolean,
    ) {}

    /** Starts its own ZetaSQL server, or uses `zetaSql` (left running on close) to share one across engines. */
    static async open(options: { zetaSql?: ZetaSql } = {}): Promise<ZetaSqlEngine> {
        return options.zetaSql ? new ZetaSqlEngine(options.zetaSql, false) : new ZetaSqlEngine(await ZetaSql.start(), true);
    }

    async relations(): Promise<{ target: Target; kind: RelationKind }[]> {
        return this.held.list().map((target) => ({ target, kind: this.held.kindOf(target)! }));
    }

    async execute(sql: string): Promise<void> {
        await runScript(sql, this.script, {
            statement: (statement) => this.runStatement(this.script.inline(statement)),
            value: async (expression) => {
                const result = await this.query(`select ${expression} as value`);
                return { value: result.rows[0]!.value!, type: result.columns[0]!.type };
            },
            rows: (query) => this.query(query),
        });
    }

    async atomically<T>(work: () => Promise<T>): Promise<T> {
        const before = this.held.snapshot();
        try {
            return await work();
        } catch (error) {
            this.held.restore(before);
            throw error;
        }
    }

    async endScript(): Promise<string[]> {
        this.script.clear();
        return this.script.takeNotes();
    }

    query(sql: string): Promise<QueryResult> {
        return this.evaluate(this.script.inline(sql));
    }

    async relationKind(target: Target): Promise<RelationKind | undefined> {
        return this.held.kindOf(target);
    }

    async columns(target: Target): Promise<Column[]> {
        const relation = this.held.get(target);
        if (!relation) return [];
        return relation.kind === "table" ? relation.columns : this.viewColumns(relation, []);
    }

    async createSchemaIfNotExists(_database: string | undefined, schema: string): Promise<void> {
        this.held.addSchema(schema);
    }

    async drop(target: Target, kind: RelationKind): Promise<void> {
        this.dropRelation(target, kind, true);
    }

    async createTableAs(target: Target, query: string): Promise<number> {
        // Partitioning and clustering change cost, not results.
        return this.storeQuery(target, this.script.inline(query));
    }

    async createView(target: Target, query: string): Promise<void> {
        await this.storeView(target, this.script.inline(query));
    }

    async insert(target: Target, columns: string[], query: string): Promise<number> {
        // The reference evaluator fails an INSERT whose query reads a WITH table twice
        // ("Missing name"), so the query is evaluated on its own and its rows inserted.
        return this.withScratch(target, async (stage) => {
            const source = stage("source", await this.evaluate(this.script.inline(query)));
            const list = columns.map(quoteColumn).join(", ");
            return this.insertStatement(
                target,
                `insert into ${bigQueryPath(target)} (${list}) select ${list} from ${bigQueryPath(source)}`,
            );
        });
    }

    async merge(target: Target, columns: string[], query: string, uniqueKey: string[], condition?: string): Promise<number> {
        return this.withScratch(target, async (stage) => {
            const { table, source, dest } = await this.stageIncrement(target, query, stage);
            const on = uniqueKey.map((key) => `DATAFORM_DEST.${key} = DATAFORM_SOURCE.${key}`);
            if (condition) on.push(`(${this.script.inline(condition)})`);
            // Which destination row each source row matches, decided once, before anything changes (as MERGE does).
            const matches = await this.evaluate(
                `select DATAFORM_SOURCE.${ROW} as source_row, DATAFORM_DEST.${ROW} as dest_row
         from ${bigQueryPath(dest)} as DATAFORM_DEST join ${bigQueryPath(source)} as DATAFORM_SOURCE on ${on.join(" and ")}`,
            );
            const sourceOf = matchedSources(matches.rows);
            const incoming = await this.coerce(dest, source, columns);
            const rows = table.rows.map((row, index) => {
                const match = sourceOf.get(index);
                return match === undefined ? row : { ...row, ...pick(incoming.get(match)!, columns) };
            });
            const matched = new Set(sourceOf.values());
            const inserted = [...incoming].filter(([sourceRow]) => !matched.has(sourceRow)).map(([, row]) => row);
            this.held.put({ ...table, rows: [...rows, ...inserted] });
            return sourceOf.size + inserted.length;
        });
    }

    async replacePartitions(target: Target, columns: string[], query: string, partitionBy: string, condition?: string): Promise<number> {
        return this.withScratch(target, async (stage) => {
            const { table, source, dest } = await this.stageIncrement(target, query, stage);
            // BigQuery replaces each partition present in the new rows; NULL partitions are never replaced.
            const replaced = await this.evaluate(
                `select DATAFORM_DEST.${ROW} as dest_row from ${bigQueryPath(dest)} as DATAFORM_DEST
         where ${partitionBy} in (select distinct ${partitionBy} from ${bigQueryPath(source)} where ${partitionBy} is not null)
         ${condition ? `and (${this.script.inline(condition)})` : ""}`,
            );
            const gone = new Set(replaced.rows.map((row) => Number(row.dest_row)));
            const incoming = [...(await this.coerce(dest, source, columns)).values()];
            this.held.put({ ...table, rows: [...table.rows.filter((_, index) => !gone.has(index)), ...incoming] });
            return incoming.length;
        });
    }

    async loadRows(target: Target, columns: Column[], rows: Row[]): Promise<void> {
        this.held.addSchema(target.schema);
        if (this.held.kindOf(target) === "table") this.held.delete(target);
        const complete = rows.map((row) => Object.fromEntries(columns.map((column) => [column.name, row[column.name] ?? null])));
        this.held.put({ kind: "table", target, columns, rows: complete });
    }

    async close(): Promise<void> {
        if (this.ownsServer) await this.zetaSql.stop();
    }

    // --- statements of execute()

    private async runStatement(sql: string): Promise<void> {
        const statement = readStatement(sql, await this.zetaSql.parse(sql));
        switch (statement.kind) {
            case "query":
                await this.evaluate(sql);
                return;
            case "create-table":
            case "create-view":
                return this.createStatement(statement);
            case "create-schema":
                return this.createSchemaStatement(statement.path, statement.ifNotExists);
            case "drop":
                return this.dropStatement(statement);
            case "insert":
                await this.insertStatement(targetOf(statement.path), sql);
                return;
            case "update":
            case "delete":
                return this.changeStatement(targetOf(statement.path), sql);
        }
    }

    private async createStatement(statement: Extract<Statement, { kind: "create-table" | "create-view" }>): Promise<void> {
        const target = targetOf(statement.path);
        if (this.held.get(target)) {
            if (statement.ifNotExists) return;
            if (!statement.orReplace) throw new Error(`Already Exists: ${displayName(target)}`);
        }
        if (statement.query === undefined) throw new Error("CREATE TABLE without AS SELECT is not supported by the ZetaSQL engine");
        if (statement.kind === "create-view") await this.storeView(target, statement.query);
        else await this.storeQuery(target, statement.query);
    }

    private createSchemaStatement(path: string[], ifNotExists: boolean): void {
        const schema = path.at(-1)!;
        if (this.held.hasSchema(schema) && !ifNotExists) throw new Error(`Already Exists: Dataset ${schema}`);
        this.held.addSchema(schema);
    }

    private dropStatement(statement: Extract<Statement, { kind: "drop" }>): void {
        if (statement.objectKind !== "schema") return this.dropRelation(targetOf(statement.path), statement.objectKind, statement.ifExists);
        const schema = statement.path.at(-1)!;
        if (!this.held.hasSchema(schema) && !statement.ifExists) throw new Error(`Not found: Dataset ${schema}`);
        this.held.dropSchema(schema);
    }

    private dropRelation(target: Target, kind: RelationKind, ifExists: boolean): void {
        const existing = this.held.kindOf(target);
        if (!existing) {
            if (ifExists) return;
            throw new Error(`Not found: ${kind === "view" ? "View" : "Table"} ${displayName(target)}`);
        }
        if (existing !== kind) throw new Error(`${displayName(target)} is a ${existing}, not a ${kind}`);
        this.held.delete(target);
    }

    /** Runs an INSERT (any form: values, select, column list) and appends the rows ZetaSQL returns. */
    private async insertStatement(target: Target, sql: string): Promise<number> {
        const table = this.held.table(target);
        const result = await this.zetaSql.evaluateModify(sql, await this.tablesFor(sql));
        const rows = result.changes.map((change) => change.row!);
        this.held.put({ ...table, rows: [...table.rows, ...rows] });
        return rows.length;
    }

    /** Runs an UPDATE or DELETE; its changes name the rows by a hidden row-number primary key. */
    private async changeStatement(target: Target, sql: string): Promise<void> {
        const table = this.held.table(target);
        const numbered = { ...withRowNumbers(table), primaryKey: [ROW] };
        const tables = await this.catalogFor(sql, (relation) =>
            relation === table ? Promise.resolve(numbered) : this.contents(relation, []),
        );
        const result = await this.zetaSql.evaluateModify(sql, tables);
        const updated = new Map<number, Row>();
        const deleted = new Set<number>();
        for (const change of result.changes) {
            const index = Number(change.key![ROW]);
            if (change.operation === "DELETE") deleted.add(index);
            else updated.set(index, withoutRowNumber(change.row!));
        }
        const rows = table.rows.flatMap((row, index) => (deleted.has(index) ? [] : [updated.get(index) ?? row]));
        this.held.put({ ...table, rows });
    }

    // --- tables and views

    private async storeQuery(target: Target, sql: string): Promise<number> {
        const result = await this.evaluate(sql);
        this.held.put({ kind: "table", target, columns: result.columns, rows: result.rows });
        return result.rows.length;
    }

    /** Analyzed first, so a broken view fails when it is created, as in BigQuery. */
    private async storeView(target: Target, sql: string): Promise<void> {
        await this.zetaSql.analyze(sql, await this.schemasFor(sql, [keyOf(target)]));
        this.held.put({ kind: "view", target, sql });
    }

    private async evaluate(sql: string): Promise<QueryResult> {
        return this.zetaSql.evaluate(sql, await this.tablesFor(sql));
    }

    /** Every relation `sql` names, with rows; views are evaluated. `views` are those being evaluated (to refuse cycles). */
    private tablesFor(sql: string, views: string[] = []): Promise<TableData[]> {
        return this.catalogFor(sql, (relation) => this.contents(relation, views));
    }

    private schemasFor(sql: string, views: string[]): Promise<TableSchema[]> {
        return this.catalogFor(sql, async (relation) => ({
            columns: relation.kind === "table" ? relation.columns : await this.viewColumns(relation, views),
            pseudoColumns: relation.kind === "table" ? relation.pseudoColumns : undefined,
        }));
    }

    private async contents(relation: Relation, views: string[]): Promise<Contents> {
        if (relation.kind === "table") return relation;
        const inside = enterView(relation, views);
        return this.zetaSql.evaluate(relation.sql, await this.tablesFor(relation.sql, inside)).catch(inView(relation));
    }

    private async viewColumns(view: Extract<Relation, { kind: "view" }>, views: string[]): Promise<Column[]> {
        const inside = enterView(view, views);
        const analyzed = await this.zetaSql.analyze(view.sql, await this.schemasFor(view.sql, inside)).catch(inView(view));
        return analyzed.columns;
    }

    /**
     * One catalog entry per spelling under which `sql` names a stored relation
     * (`proj.shop.t` and `shop.t` are both given), found by ZetaSQL's parser; so
     * a query carries only the tables it reads (requests are capped at 4 MB).
     */
    private async catalogFor<T extends object>(sql: string, load: (relation: Relation) => Promise<T>): Promise<(T & { name: string })[]> {
        const spellings = new Map<Relation, Map<string, string>>();
        for (const segments of await this.referencedPaths(sql)) {
            const relation = this.held.byPath(segments) ?? this.wildcardTable(segments);
            if (!relation) continue;
            const names = spellings.get(relation) ?? new Map<string, string>();
            names.set(segments.join(".").toLowerCase(), segments.join("."));
            spellings.set(relation, names);
        }
        const entries: (T & { name: string })[] = [];
        for (const [relation, names] of spellings) {
            const loaded = await load(relation);
            for (const name of names.values()) entries.push({ ...loaded, name });
        }
        return entries;
    }

    /** `dataset.prefix*`: the matching tables' rows, each with the pseudo-column _TABLE_SUFFIX (wildcard.ts). */
    private wildcardTable(segments: string[]): Relation | undefined {
        const tables = this.held
            .list()
            .map((target) => this.held.get(target)!)
            .filter((relation): relation is Table => relation.kind === "table")
            .map((relation) => ({
                schema: relation.target.schema,
                name: relation.target.name,
                columns: relation.columns,
                rows: relation.rows,
            }));
        const expanded = expandWildcard(segments, tables);
        if (!expanded) return undefined;
        const rows = expanded.matches.flatMap(({ table, suffix }) =>
            tables.find((candidate) => candidate === table)!.rows.map((row) => ({ ...row, [TABLE_SUFFIX]: suffix })),
        );
        const [schema, name] = segments.flatMap((segment) => segment.split(".")).slice(-2) as [string, string];
        return {
            kind: "table",
            target: { schema, name },
            columns: [...expanded.columns, { name: TABLE_SUFFIX, type: "STRING" }],
            rows,
            pseudoColumns: [TABLE_SUFFIX],
        };
    }

    private async referencedPaths(sql: string): Promise<string[][]> {
        let parsed: AstNode;
        try {
            parsed = await this.zetaSql.parse(sql);
        } catch (error) {
            // A syntax error is reported by the evaluation itself, against the whole statement.
            if (error instanceof ZetaSqlServerError && error.code !== "CRASH" && error.code !== "TIMEOUT") return [];
            throw error;
        }
        return tablePaths(parsed).map((path) => path.segments);
    }

    // --- incremental writes

    /** Stages the destination and the new rows, each numbered, as scratch tables MERGE-like queries can join. */
    private async stageIncrement(target: Target, query: string, stage: Stage): Promise<{ table: Table; source: Target; dest: Target }> {
        const table = this.held.table(target);
        const incoming = await this.evaluate(this.script.inline(query));
        return { table, source: stage("source", withRowNumbers(incoming)), dest: stage("dest", withRowNumbers(table)) };
    }

    /** The new rows as the destination's columns would hold them: INSERT's coercions and type checks, by ZetaSQL. */
    private async coerce(dest: Target, source: Target, columns: string[]): Promise<Map<number, Row>> {
        const list = [...columns, ROW].map(quoteColumn).join(", ");
        const sql = `insert into ${bigQueryPath(dest)} (${list}) select ${list} from ${bigQueryPath(source)}`;
        const result = await this.zetaSql.evaluateModify(sql, await this.tablesFor(sql));
        return new Map(result.changes.map((change) => [Number(change.row![ROW]), withoutRowNumber(change.row!)]));
    }

    private async withScratch<T>(target: Target, work: (stage: Stage) => Promise<T>): Promise<T> {
        const staged: Target[] = [];
        const stage: Stage = (role, contents) => {
            this.scratchCounter += 1;
            const scratch = {
                database: target.database,
                schema: target.schema,
                name: `__dataform_${role}_${target.name}_${this.scratchCounter}`,
            };
            this.held.put({ kind: "table", target: scratch, ...contents });
            staged.push(scratch);
            return scratch;
        };
        try {
            return await work(stage);
        } finally {
            for (const scratch of staged) this.held.delete(scratch);
        }
    }
}

/** dataset.table or project.dataset.table, as BigQuery names a table in a statement. */
function targetOf(path: string[]): Target {
    if (path.length < 2 || path.length > 3)
        throw new Error(`table name ${JSON.stringify(path.join("."))} must be dataset.table or project.dataset.table`);
    return { database: path.length === 3 ? path[0] : undefined, schema: path.at(-2)!, name: path.at(-1)! };
}

/** Destination row -> the source row matching it; a destination row matched twice is BigQuery's MERGE error. */
function matchedSources(matches: Row[]): Map<number, number> {
    const sourceOf = new Map<number, number>();
    for (const match of matches) {
        const dest = Number(match.dest_row);
        if (sourceOf.has(dest)) {
            throw new Error("UPDATE/MERGE must match at most one source row for each target row (duplicate uniqueKey in the new rows)");
        }
        sourceOf.set(dest, Number(match.source_row));
    }
    return sourceOf;
}

function withRowNumbers(contents: Contents): Contents {
    return {
        columns: [...contents.columns, { name: ROW, type: "INT64" }],
        rows: contents.rows.map((row, index) => ({ ...row, [ROW]: String(index) })),
    };
}

function withoutRowNumber(row: Row): Row {
    const { [ROW]: _number, ...rest } = row;
    return rest;
}

function pick(row: Row, columns: string[]): Row {
    return Object.fromEntries(columns.map((column) => [column, row[column] ?? null]));
}

function enterView(view: Relation, views: string[]): string[] {
    const key = keyOf(view.target);
    if (views.includes(key)) throw new Error(`view ${displayName(view.target)} references itself (${[...views, key].join(" -> ")})`);
    return [...views, key];
}

function inView(view: Relation): (error: Error) => never {
    return (error) => {
        error.message = `in view ${displayName(view.target)}: ${error.message}`;
        throw error;
    };
}
