import { describe, expect, it } from "vitest";
import { bigQueryLiteral, readScript, ScriptVariables } from "../../scripts/engines/script.ts";
import { UnsupportedSqlError } from "../../scripts/engines/errors.ts";

describe("reading an action's BigQuery script", () => {
    it("splits statements at top-level semicolons only", () => {
        const steps = readScript("select 'a;b' as x; -- c;\ninsert into `p.d.t` values (1);");
        expect(steps).toEqual([
            { kind: "statement", sql: "select 'a;b' as x" },
            { kind: "statement", sql: "insert into `p.d.t` values (1)" },
        ]);
    });

    it("reads DECLARE with names, type and default, and SET", () => {
        expect(readScript("declare a, b int64 default (select 1); set a = a + 1")).toEqual([
            { kind: "declare", names: ["a", "b"], type: "int64", expression: "(select 1)" },
            { kind: "set", name: "a", expression: "a + 1" },
        ]);
        expect(readScript("DECLARE since DATE")).toEqual([{ kind: "declare", names: ["since"], type: "DATE", expression: undefined }]);
    });

    it("refuses control flow it cannot run", () => {
        expect(() => readScript("begin select 1; end")).toThrow(UnsupportedSqlError);
        expect(() => readScript("if true then select 1; end if")).toThrow(/IF/);
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

    it("forgets everything at the end of the script", () => {
        const variables = new ScriptVariables();
        variables.declare("x", "STRING", "it's", "STRING");
        expect(variables.inline("select x")).toBe("select 'it\\'s'");
        variables.clear();
        expect(variables.inline("select x")).toBe("select x");
    });

    it("writes typed literals, NULLs and arrays", () => {
        expect(bigQueryLiteral(null, "TIMESTAMP")).toBe("cast(null as TIMESTAMP)");
        expect(bigQueryLiteral(["2024-01-01", "2024-01-02"], "ARRAY<DATE>")).toBe("ARRAY<DATE>[DATE '2024-01-01', DATE '2024-01-02']");
        expect(bigQueryLiteral("12.5", "NUMERIC")).toBe("cast('12.5' as NUMERIC)");
        expect(() => bigQueryLiteral({ a: "1" }, "STRUCT<a INT64>")).toThrow(UnsupportedSqlError);
    });
});
