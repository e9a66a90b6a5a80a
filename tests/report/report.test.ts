/**
 * The report in a real browser: a small demo warehouse (3 days x 200 users,
 * generated, loaded and run through the command line), the report written by
 * `npm run local -- report`, opened from the file system in chromium.
 * REPORT_SCREENSHOTS=docs writes the README's screenshots (docs/report.png, docs/report-marts.png).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphActions } from "../../scripts/dataform/actions.ts";
import { compileProject } from "../../scripts/dataform/compile.ts";
import type { ReportData } from "../../scripts/report/model.ts";
import { local } from "../cli/local.ts";
import { openBrowser } from "./browser.ts";

const scratch = mkdtempSync(join(tmpdir(), "report-"));
const warehouse = join(scratch, "warehouse.duckdb");
const site = join(scratch, "site");
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let data: ReportData;
const consoleErrors: string[] = [];

beforeAll(async () => {
    const steps = [
        ["generate", "--out", join(scratch, "data"), "--days", "3", "--users", "200", "--seed", "11"],
        ["load", "--dir", join(scratch, "data"), "--warehouse", warehouse],
        ["run", "--warehouse", warehouse],
        ["report", "--out", site, "--warehouse", warehouse],
    ];
    for (const step of steps) {
        const { code, stderr } = await local(step);
        expect(code, `${step[0]}: ${stderr}`).toBe(0);
    }
    data = JSON.parse(readFileSync(join(site, "data.json"), "utf8")) as ReportData;
    browser = await openBrowser();
    page = await browser.context.newPage();
    page.on("console", (message) => {
        if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    await page.goto(pathToFileURL(join(site, "index.html")).href);
    await page.waitForSelector("#graph svg g.node");
}, 300_000);

afterAll(async () => {
    await browser?.close();
    rmSync(scratch, { recursive: true, force: true });
});

describe("the report, opened from the file system in chromium", () => {
    it("loads with no console error", () => {
        expect(consoleErrors).toEqual([]);
    });

    it("draws one graph node per action, plus the declarations, each with its last run status", async () => {
        const actions = data.nodes.filter((node) => node.kind !== "declaration");
        const graph = await compileProject(resolve(import.meta.dirname, "..", ".."));
        expect(actions.length).toBe(graphActions(graph).length);
        const drawn = await page.$$eval("#graph g.node", (nodes) =>
            nodes.map((node) => ({
                id: node.getAttribute("data-id"),
                kind: node.getAttribute("data-kind"),
                status: node.getAttribute("data-status"),
            })),
        );
        expect(
            drawn
                .filter((node) => node.kind !== "declaration")
                .map((node) => node.id)
                .sort(),
        ).toEqual(actions.map((node) => node.id).sort());
        expect(drawn.filter((node) => node.kind === "declaration")).toHaveLength(5);
        // a disabled action (the freshness check while freshness_max_hours is 0) is drawn as such
        const disabled = new Set(
            graphActions(graph)
                .filter((action) => action.disabled)
                .map((action) => action.name),
        );
        expect(disabled.size).toBeGreaterThan(0);
        for (const node of drawn.filter((node) => node.kind !== "declaration")) {
            expect([node.id, node.status]).toEqual([node.id, disabled.has(node.id!) ? "disabled" : "succeeded"]);
        }
    });

    it("shows a node's description, columns, compiled SQL, rows, last run and assertions on a click", async () => {
        await page.click('#graph g.node[data-id$=".marts.fct_orders"]');
        const details = page.locator("#details");
        await expect.poll(() => details.locator("h2").textContent()).toBe("marts.fct_orders");
        expect(await details.locator("p.description").textContent()).toMatch(/^One row per order seen in purchase events/);
        expect(await details.locator("pre.sql").textContent()).toMatch(/^select|^with|^--/i);
        expect(await details.locator("table.columns tr").count()).toBeGreaterThan(5);
        expect(await details.locator("table.facts").textContent()).toMatch(/rows in the warehouse\d[\d,]*/);
        expect(await details.locator("table.facts").textContent()).toMatch(/last runsucceeded, \d{4}-\d\d-\d\d/);
        expect(await details.locator("table.assertions tr").count()).toBeGreaterThan(0);
    });

    it("draws every chart with data points", async () => {
        for (const id of ["health", "marts"]) {
            await page.goto(`${pathToFileURL(join(site, "index.html")).href}#${id}`);
            await page.waitForSelector(`#page-${id}.active canvas`);
        }
        const charts = await page.$$eval("canvas[data-chart]", (canvases) =>
            canvases.map((canvas) => {
                const chart = (
                    window as unknown as {
                        Chart: { getChart: (c: HTMLCanvasElement) => { data: { datasets: { data: (number | null)[] }[] } } | undefined };
                    }
                ).Chart.getChart(canvas as HTMLCanvasElement);
                const points = chart
                    ? chart.data.datasets.flatMap((dataset) => dataset.data).filter((value) => typeof value === "number").length
                    : 0;
                return { id: canvas.getAttribute("data-chart"), points };
            }),
        );
        expect(charts.map((chart) => chart.id)).toEqual([
            "raw-events",
            "quarantine-reasons",
            "daily-orders",
            "daily-revenue",
            "funnel",
            "attributed-revenue",
            "roas",
            "reconciliation",
        ]);
        for (const chart of charts) expect(chart.points, chart.id!).toBeGreaterThan(0);
        expect(consoleErrors).toEqual([]);
    });

    it("fits the graph to the window, and keeps screenshots of the lineage and the marts", async () => {
        const url = pathToFileURL(join(site, "index.html")).href;
        await page.goto(`${url}#lineage`);
        await page.uncheck("#show-assertions");
        expect(await page.locator("#graph g.node").count()).toBe(data.nodes.filter((node) => node.kind !== "assertion").length);
        await page.check("#fit-graph");
        const fitted = await page.$eval("#graph", (box) => ({
            box: box.clientWidth,
            graph: Number(box.querySelector("svg")!.getAttribute("width")),
        }));
        expect(fitted.graph).toBeLessThanOrEqual(fitted.box);
        await page.uncheck("#fit-graph");
        await page.click('#graph g.node[data-id$=".marts.fct_orders"]');
        const folder = process.env.REPORT_SCREENSHOTS ? resolve(process.env.REPORT_SCREENSHOTS) : scratch;
        await page.screenshot({ path: join(folder, "report.png") });
        await page.goto(`${url}#marts`);
        await page.screenshot({ path: join(folder, "report-marts.png") });
        for (const file of ["report.png", "report-marts.png"])
            expect(readFileSync(join(folder, file)).subarray(1, 4).toString()).toBe("PNG");
    });
});
