import { describe, expect, it } from "vitest";
import { bigQueryLiteral, readScript, ScriptState, ScriptVariables } from "../../scripts/engines/script.ts";
import { UnsupportedSqlError } from "../../scripts/engines/errors.ts";

/** The steps without their positions, for comparing shapes. */
const shapes = (sql: string) => readScript(sql).map(({ line: _line, start: _start, ...step }) => step);

describe("reading an action's BigQuery script", () => {
    it("splits statements at top-level semicolons only, keeping each one's line", () => {
        const steps = readScript("select 'a;b' as x; -- c;\ninsert into `p.d.t` values (1);");
        expect(steps).toEqual([
            { kind: "statement", sql: "select 'a;b' as x", line: 1, start: 0 },
            { kind: "statement", sql: "insert into `p.d.t` values (1)", line: 2, start: 25 },
        ]);
    });

    it("reads DECLARE with names, type and default, and SET", () => {
        expect(shapes("declare a, b int64 default (select 1); set a = a + 1")).toEqual([
            { kind: "declare", names: ["a", "b"], type: "int64", expression: "(select 1)" },
            { kind: "set", name: "a", expression: "a + 1" },
        ]);
        expect(shapes("DECLARE since DATE")).toEqual([{ kind: "declare", names: ["since"], type: "DATE", expression: undefined }]);
    });

    it("reads blocks, IF/ELSEIF/ELSE and loops as nested steps", () => {
        const [block] = shapes(
            "begin select 1; if x > 1 then select 2; elseif case when y then true end then select 3; else select 4; end if; end",
        );
        expect(block).toMatchObject({
            kind: "block",
            body: [
                { kind: "statement", sql: "select 1" },
                {
                    kind: "if",
                    branches: [
                        { condition: "x > 1", body: [{ kind: "statement", sql: "select 2" }] },
                        { condition: "case when y then true end", body: [{ kind: "statement", sql: "select 3" }] },
                    ],
                    otherwise: [{ kind: "statement", sql: "select 4" }],
                },
            ],
        });
        expect(shapes("while i < 3 do set i = i + 1; end while; loop break; end loop")).toMatchObject([
            { kind: "while", condition: "i < 3", body: [{ kind: "set", name: "i" }] },
            { kind: "loop", body: [{ kind: "break" }] },
        ]);
    });

    it("reads EXECUTE IMMEDIATE, RAISE, ASSERT and temporary functions", () => {
        expect(shapes("execute immediate 'select ?' || x into a, b using 1, y as p")).toEqual([
            {
                kind: "execute",
                expression: "'select ?' || x",
                into: ["a", "b"],
                using: [{ expression: "1" }, { expression: "y", name: "p" }],
            },
        ]);
        expect(shapes("raise using message = 'no'; raise; assert (select count(*) from t) = 0 as 'empty'")).toEqual([
            { kind: "raise", message: "'no'" },
            { kind: "raise" },
            { kind: "assert", expression: "(select count(*) from t) = 0", message: "empty" },
        ]);
        expect(shapes("create temp function f(x STRUCT<a INT64, b STRING>, y ANY TYPE) returns int64 as (x.a + y)")).toEqual([
            {
                kind: "function",
                name: "f",
                parameters: [
                    { name: "x", type: "STRUCT<a INT64, b STRING>" },
                    { name: "y", type: undefined },
                ],
                returns: "int64",
                body: "x.a + y",
                replace: false,
                ifNotExists: false,
            },
        ]);
    });

    it("turns session settings, table options and access control into notes", () => {
        expect(
            shapes("set @@query_label = 'a:b'; alter table d.t set options (description = 'x'); grant `roles/x` on table d.t to 'u'"),
        ).toEqual([
            { kind: "note", note: "SET @@query_label: a job setting with no local effect" },
            { kind: "note", note: "ALTER TABLE ... SET OPTIONS: table options have no local effect" },
            { kind: "note", note: "GRANT: access control has no local effect" },
        ]);
    });

    it("refuses statements no engine runs, naming them and their line", () => {
        const refusal = (sql: string) => {
            try {
                readScript(sql);
            } catch (error) {
                expect(error).toBeInstanceOf(UnsupportedSqlError);
                return (error as UnsupportedSqlError).message;
            }
            return "not refused";
        };
        expect(refusal("select 1;\n\nexport data options (uri = 'gs://x/*') as select 1")).toBe(
            "BigQuery construct not supported locally: statement EXPORT DATA (line 3)",
        );
        expect(refusal("create temp function f(x int64) returns int64 language js as 'return x'")).toMatch(
            /JavaScript UDF f \(LANGUAGE js\).*\(line 1\)/,
        );
        expect(refusal("set @@time_zone = 'Europe/Paris'")).toMatch(/SET @@time_zone/);
        expect(refusal("call d.proc()")).toMatch(/statement CALL/);
        expect(refusal("create function d.f(x int64) as (x)")).toMatch(/persistent function/);
        expect(refusal("begin select 1; exception when error then select 2; end")).toMatch(/EXCEPTION/);
        expect(refusal("alter table d.t add column c int64")).toMatch(/statement ALTER TABLE/);
        expect(refusal("create materialized view d.v as select 1")).toMatch(/statement CREATE MATERIALIZED VIEW/);
        expect(refusal("rollback transaction")).toMatch(/statement ROLLBACK/);
    });
});

describe("script variables", () => {
    it("inlines unqualified references only", () => {
        const variables = new ScriptVariables();
        variables.declare("watermark", "INT64", "41", "INT64");
        variables.declare("since", undefined, "2024-01-02", "DATE");
        expect(variables.inline("select t.watermark, watermark + 1 from t where d >= since and 'since' = x")).toBe(
            "select t.watermark, cast('41' as INT64) + 1 from t where d >= DATE '2024-01-02' and 'since' = x",
        );
    });

    it("inlines variables whose names other dialects reserve", () => {
        const variables = new ScriptVariables();
        variables.declare("start", "DATE", "2024-01-02", "DATE");
        variables.declare("top", "INT64", "3", "INT64");
        expect(variables.inline("select top as top, 'start' from t where d >= start")).toBe(
            "select cast('3' as INT64) as top, 'start' from t where d >= DATE '2024-01-02'",
        );
    });

    it("forgets everything at the end of the script, and a block's variables at the end of the block", () => {
        const variables = new ScriptVariables();
        variables.declare("x", "STRING", "it's", "STRING");
        variables.enter();
        variables.declare("y", "INT64", "1", "INT64");
        expect(variables.inline("select x, y")).toBe("select 'it\\'s', cast('1' as INT64)");
        variables.leave();
        expect(variables.inline("select x, y")).toBe("select 'it\\'s', y");
        variables.clear();
        expect(variables.inline("select x")).toBe("select x");
    });

    it("takes DECLARE only before the other statements of the script or of a block, as BigQuery does", () => {
        const variables = new ScriptVariables();
        variables.declare("a", "INT64", "1", "INT64");
        variables.begin();
        variables.enter();
        variables.declare("b", "INT64", "1", "INT64");
        variables.leave();
        expect(() => variables.declare("c", "INT64", "1", "INT64")).toThrow(/DECLARE c after other statements/);
        variables.clear();
        expect(() => variables.declare("c", "INT64", "1", "INT64")).not.toThrow();
    });

    it("writes typed literals, NULLs and arrays", () => {
        expect(bigQueryLiteral(null, "TIMESTAMP")).toBe("cast(null as TIMESTAMP)");
        expect(bigQueryLiteral(["2024-01-01", "2024-01-02"], "ARRAY<DATE>")).toBe("ARRAY<DATE>[DATE '2024-01-01', DATE '2024-01-02']");
        expect(bigQueryLiteral("12.5", "NUMERIC")).toBe("cast('12.5' as NUMERIC)");
        expect(() => bigQueryLiteral({ a: "1" }, "STRUCT<a INT64>")).toThrow(UnsupportedSqlError);
    });
});

describe("temporary functions", () => {
    it("expand where they are called, arguments cast to the parameter types and the result to RETURNS", () => {
        const state = new ScriptState();
        const [add, scale] = readScript(
            "create temp function add_one(x int64) returns int64 as (x + 1); create temp function scale(v any type, f float64) as (add_one(v) * f)",
        );
        state.defineFunction(add as Extract<typeof add, { kind: "function" }>);
        state.defineFunction(scale as Extract<typeof scale, { kind: "function" }>);
        expect(state.inline("select scale(a.b, 2), t.add_one(1), add_one from t")).toBe(
            "select (cast((cast(((a.b)) as int64) + 1) as int64) * cast((2) as float64)), t.add_one(1), add_one from t",
        );
        state.clear();
        expect(state.inline("select add_one(1)")).toBe("select add_one(1)");
    });
});
