/** `test`: the project's Dataform unit tests (`type: "test"`) on an in-memory engine, as `dataform test` runs them on BigQuery. */
import { Command, Option } from "commander";
import { matchActions } from "../dataform/select.ts";
import { runUnitTests, type UnitTestResult } from "../dataform/unit-tests.ts";
import type { Engine } from "../engines/engine.ts";
import { EXIT, jsonOption, list, projectOption, varsOption } from "./options.ts";
import { formatSeconds, streamOutput } from "./output.ts";
import { compile } from "./run.ts";

interface TestValues {
    project: string;
    vars: Record<string, string>;
    tests?: string[];
    engine: "duckdb" | "zetasql";
    json?: boolean;
}

export function register(program: Command, done: (code: number) => void): void {
    program
        .command("test")
        .summary('run the Dataform unit tests (type: "test")')
        .description(
            "Run the project's Dataform unit tests (config { type: \"test\" }): the tested model's query on the test's input rows, compared with its expected rows as `dataform test` compares them. Needs no warehouse.",
        )
        .addOption(projectOption())
        .addOption(varsOption())
        .addOption(new Option("--tests <names...>", 'only these tests ("*" matches any characters)').argParser(list))
        .addOption(new Option("--engine <name>", "where the queries run, in memory").choices(["duckdb", "zetasql"]).default("duckdb"))
        .addOption(jsonOption())
        .addHelpText(
            "after",
            `
Rows are compared in sorted order (Dataform pairs them in the order returned, which no engine fixes
without ORDER BY); column names case-insensitively; values with their types (INT64 1 equals FLOAT64 1,
not NUMERIC 1). Exit code 1 when a test fails.

Examples:
  npm run local -- test
  npm run local -- test --tests "test_channel*" --engine zetasql`,
        )
        .action(async (values: TestValues) => done(await test(values)));
}

async function test(values: TestValues): Promise<number> {
    const out = streamOutput(values.json ? process.stderr : process.stdout);
    const graph = await compile(values, out);
    const all = graph.tests ?? [];
    const names = all.map((test) => test.name);
    const wanted = values.tests?.length
        ? new Set(values.tests.flatMap((pattern) => matchActions(pattern, names, "--tests")))
        : new Set(names);
    const tests = all.filter((test) => wanted.has(test.name));
    if (tests.length === 0) {
        out.line(`no unit tests in ${values.project} (config { type: "test", dataset: "..." })`);
        if (values.json) process.stdout.write(`${JSON.stringify({ ok: true, tests: [] }, null, 2)}\n`);
        return EXIT.ok;
    }
    const engine: Engine =
        values.engine === "zetasql"
            ? await (await import("../engines/zetasql/engine.ts")).ZetaSqlEngine.open()
            : await (await import("../engines/duckdb/engine.ts")).DuckDbEngine.open(":memory:");
    const started = performance.now();
    let finished = 0;
    const digits = String(tests.length).length;
    const { colors } = out;
    let results: UnitTestResult[];
    try {
        results = await runUnitTests(engine, tests, {
            onTestEnd: (result) => {
                finished += 1;
                const label = { passed: colors.green("PASS"), failed: colors.red("FAIL"), disabled: colors.dim("OFF ") }[result.status];
                out.line(
                    `[${String(finished).padStart(digits)}/${tests.length}] ${label} ${result.name.padEnd(40)} ${formatSeconds(result.seconds).padStart(8)}`,
                );
                for (const message of result.messages) out.line(colors.red(`       ${message}`));
                if (result.messages.length && result.fileName) out.line(colors.dim(`       (${result.fileName})`));
                if (result.note) out.line(colors.yellow(`       note: ${result.note}`));
            },
        });
    } finally {
        await engine.close();
    }
    const count = (status: UnitTestResult["status"]) => results.filter((result) => result.status === status).length;
    out.line(
        `${results.length} unit tests in ${formatSeconds((performance.now() - started) / 1000)}: ${count("passed")} passed, ${count("failed")} failed${count("disabled") ? `, ${count("disabled")} disabled` : ""}`,
    );
    const ok = count("failed") === 0;
    if (values.json) process.stdout.write(`${JSON.stringify({ ok, engine: values.engine, tests: results }, null, 2)}\n`);
    return ok ? EXIT.ok : EXIT.failed;
}
