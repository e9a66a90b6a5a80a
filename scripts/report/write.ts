/**
 * Writes the report as a static site that opens from the file system: no
 * server, no CDN. The data goes into data.js (a script, since browsers do
 * not let a file:// page fetch JSON) and data.json; the layout and chart
 * libraries are copied from node_modules beside it.
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { ReportData } from "./model.ts";

const require = createRequire(import.meta.url);
const SITE = join(import.meta.dirname, "site");

/** The libraries the page loads: dagre lays out the lineage graph, Chart.js draws the charts. */
const LIBRARIES = {
    "dagre.min.js": join(dirname(require.resolve("@dagrejs/dagre/package.json")), "dist", "dagre.min.js"),
    "chart.umd.min.js": join(dirname(require.resolve("chart.js")), "chart.umd.min.js"),
};

/** Writes DIR/index.html and what it loads; returns the page's path. */
export function writeReport(outDir: string, data: ReportData): string {
    mkdirSync(outDir, { recursive: true });
    for (const file of ["index.html", "app.js", "style.css"]) copyFileSync(join(SITE, file), join(outDir, file));
    for (const [file, source] of Object.entries(LIBRARIES)) copyFileSync(source, join(outDir, file));
    const json = JSON.stringify(data);
    writeFileSync(join(outDir, "data.json"), `${json}\n`);
    // "</" cannot close the script element when the JSON sits in it.
    writeFileSync(join(outDir, "data.js"), `window.REPORT = ${json.replaceAll("</", "<\\/")};\n`);
    return join(outDir, "index.html");
}
