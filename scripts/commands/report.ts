/** `report`: a static site of the project: lineage with the last run, and for this repository data health and mart charts. */
import { resolve } from "node:path";
import { Command } from "commander";
import { readRunRecords } from "../dataform/run-log.ts";
import { lineage, type ReportData } from "../report/model.ts";
import { writeReport } from "../report/write.ts";
import { trackingPages } from "../tracking/report-pages.ts";
import { isThisRepository } from "../tracking/repository.ts";
import { EXIT, projectOption, varsOption, warehouseOption } from "./options.ts";
import { streamOutput } from "./output.ts";
import { compile } from "./run.ts";
import { openWarehouse, warehousePath } from "./warehouse.ts";

interface ReportValues {
    out: string;
    project: string;
    vars: Record<string, string>;
    warehouse?: string;
}

export function register(program: Command, done: (code: number) => void): void {
    program
        .command("report")
        .summary("a static HTML report: lineage, data health, mart charts")
        .description(
            "Write a static site (DIR/index.html; opens from the file system, no server): the lineage graph of the compiled project coloured by layer and last run, each action's documentation, SQL, rows and assertions; for this repository also data health and mart charts. Reads the warehouse read-only.",
        )
        .requiredOption("--out <dir>", "the folder to write (created when missing)")
        .addOption(projectOption())
        .addOption(varsOption())
        .addOption(warehouseOption())
        .addHelpText(
            "after",
            "\nExample:\n  npm run demo && npm run local -- report --out .local/report   then open .local/report/index.html",
        )
        .action(async (values: ReportValues) => done(await report(values)));
}

async function report(values: ReportValues): Promise<number> {
    const out = streamOutput();
    const path = warehousePath(values.warehouse);
    const engine = await openWarehouse(path, "read");
    try {
        const graph = await compile(values, out);
        const [run] = readRunRecords(path, 1);
        const rowsByName = new Map<string, number>();
        const tables = new Set(
            (await engine.relations())
                .filter((relation) => relation.kind === "table")
                .map(({ target }) => `${target.schema}.${target.name}`),
        );
        for (const table of [...(graph.tables ?? []), ...(graph.operations ?? []), ...(graph.declarations ?? [])]) {
            const local = `${table.target.schema}.${table.target.name}`;
            if (!tables.has(local)) continue;
            const { rows } = await engine.query(`select count(*) as n from \`${local}\``);
            rowsByName.set([table.target.database, local].filter(Boolean).join("."), Number(rows[0].n));
        }
        const pages = isThisRepository(values.project) ? await trackingPages(engine, graph, run) : [];
        const data: ReportData = {
            title: `Dataform project report: ${values.project.split("/").at(-1)}`,
            generatedAt: new Date().toISOString(),
            project: values.project,
            warehouse: path,
            run: run
                ? { id: run.id, command: run.command, startedAt: run.startedAt, seconds: run.seconds, ok: run.ok, counts: run.counts }
                : null,
            ...lineage(graph, run, rowsByName),
            pages,
        };
        const page = writeReport(resolve(values.out), data);
        out.line(
            `wrote ${page}: ${data.nodes.length} nodes, ${data.edges.length} edges, ${pages.length} data pages${run ? `, last run ${run.id}` : ", no run recorded yet"}`,
        );
        return EXIT.ok;
    } finally {
        await engine.close();
    }
}
