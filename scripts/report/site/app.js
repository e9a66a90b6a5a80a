// The report page: draws window.REPORT (written by scripts/report/write.ts). Plain browser JavaScript;
// dagre lays out the lineage graph, Chart.js draws the charts.
"use strict";

const report = window.REPORT;
const LAYER_COLOURS = {
    source: "#e9ecef",
    staging: "#a5d8ff",
    intermediate: "#b2f2bb",
    marts: "#ffd8a8",
    assertion: "#eebefa",
};
const EXTRA_COLOURS = ["#d0bfff", "#99e9f2", "#ffec99", "#fcc2d7", "#c0eb75"];
const STATUS_COLOURS = { succeeded: "#2f9e44", failed: "#e03131", skipped: "#f08c00", disabled: "#adb5bd" };
const SERIES_COLOURS = ["#1c7ed6", "#f76707", "#37b24d", "#ae3ec9", "#f59f00", "#0ca678", "#e64980", "#495057", "#74c0fc", "#ffa94d"];

function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value === undefined || value === null) continue;
        if (name === "class") node.className = value;
        else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
        else node.setAttribute(name, value);
    }
    for (const child of children.flat()) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
}

function svg(tag, attributes = {}) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    return node;
}

const number = (value) => (value === null || value === undefined ? "" : Number(value).toLocaleString("en-US"));
const seconds = (value) => (value === null || value === undefined ? "" : `${Number(value).toFixed(2)} s`);

const measure = document.createElement("canvas").getContext("2d");

/** The width of a node's label as the SVG draws it (11px, the page's font). */
function textWidth(text) {
    measure.font = `11px ${getComputedStyle(document.body).fontFamily}`;
    return Math.ceil(measure.measureText(text).width);
}

function layerColour(layer) {
    if (LAYER_COLOURS[layer]) return LAYER_COLOURS[layer];
    const layers = [...new Set(report.nodes.map((node) => node.layer))].filter((name) => !LAYER_COLOURS[name]);
    return EXTRA_COLOURS[layers.indexOf(layer) % EXTRA_COLOURS.length];
}

// ---- pages and navigation ----------------------------------------------------------------------

const pages = [
    { id: "lineage", title: "Lineage", render: renderLineage },
    ...report.pages.map((page) => ({ ...page, render: (root) => renderDataPage(root, page) })),
];

function showPage(id) {
    const wanted = pages.some((page) => page.id === id) ? id : "lineage";
    for (const page of pages) {
        document.getElementById(`page-${page.id}`).classList.toggle("active", page.id === wanted);
        document.getElementById(`nav-${page.id}`).classList.toggle("active", page.id === wanted);
    }
}

function start() {
    document.getElementById("title").textContent = report.title;
    const run = report.run;
    document.getElementById("run-summary").textContent = run
        ? `last run ${run.startedAt.replace("T", " ").slice(0, 19)} UTC, ${seconds(run.seconds)}: ${run.counts.succeeded} OK, ${run.counts.failed} failed, ${run.counts.skipped} skipped`
        : "no run recorded yet";
    const nav = document.getElementById("nav");
    const main = document.getElementById("pages");
    for (const page of pages) {
        nav.append(element("a", { id: `nav-${page.id}`, href: `#${page.id}` }, page.title));
        const root = element("section", { id: `page-${page.id}`, class: "page" });
        main.append(root);
        page.render(root);
    }
    window.addEventListener("hashchange", () => showPage(location.hash.slice(1)));
    showPage(location.hash.slice(1));
}

// ---- lineage -----------------------------------------------------------------------------------

function renderLineage(root) {
    const graphBox = element("div", { class: "graph", id: "graph" });
    const details = element(
        "aside",
        { class: "details", id: "details" },
        element("p", {}, "Click a node to see its description, columns, SQL, rows and last run."),
    );
    const showAssertions = element("input", { type: "checkbox", id: "show-assertions", checked: "" });
    const fit = element("input", { type: "checkbox", id: "fit-graph" });
    const layers = [...new Set(report.nodes.map((node) => node.layer))];
    const legend = layers.map((layer) =>
        element("span", {}, element("span", { class: "swatch", style: `background:${layerColour(layer)}` }), layer),
    );
    const statuses = Object.entries(STATUS_COLOURS).map(([status, colour]) =>
        element("span", {}, element("span", { class: "swatch", style: `background:${colour}` }), status),
    );
    const toolbar = element(
        "div",
        { class: "toolbar" },
        element("label", {}, showAssertions, " assertions"),
        element("label", {}, fit, " fit to the window"),
        element("span", {}, "layer:"),
        legend,
        element("span", {}, "last run:"),
        statuses,
    );
    root.append(toolbar, element("div", { class: "lineage" }, graphBox, details));
    const draw = () => drawGraph(graphBox, details, showAssertions.checked, fit.checked);
    showAssertions.addEventListener("change", draw);
    fit.addEventListener("change", draw);
    draw();
}

function drawGraph(box, details, withAssertions, fitToWindow) {
    const nodes = report.nodes.filter((node) => withAssertions || node.kind !== "assertion");
    const ids = new Set(nodes.map((node) => node.id));
    const layout = new dagre.graphlib.Graph();
    layout.setGraph({ rankdir: "LR", nodesep: 6, ranksep: 70, marginx: 10, marginy: 10 });
    layout.setDefaultEdgeLabel(() => ({}));
    for (const node of nodes) {
        layout.setNode(node.id, { width: 18 + textWidth(node.label), height: node.kind === "assertion" ? 18 : 24 });
    }
    for (const edge of report.edges) if (ids.has(edge.from) && ids.has(edge.to)) layout.setEdge(edge.from, edge.to);
    dagre.layout(layout);

    const { width, height } = layout.graph();
    // Fit: the whole graph scaled down to the box (never up).
    const scale = fitToWindow ? Math.min(1, (box.clientWidth - 4) / width, (box.clientHeight - 4) / height) : 1;
    const canvas = svg("svg", {
        width: Math.floor(width * scale),
        height: Math.floor(height * scale),
        viewBox: `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`,
    });
    for (const edge of layout.edges()) {
        const points = layout.edge(edge).points;
        canvas.append(svg("path", { class: "edge", d: `M${points.map((point) => `${point.x},${point.y}`).join(" L")}` }));
    }
    for (const node of nodes) {
        const place = layout.node(node.id);
        const group = svg("g", {
            class: "node",
            "data-id": node.id,
            "data-kind": node.kind,
            "data-status": node.lastRun ? node.lastRun.status : "none",
            transform: `translate(${place.x - place.width / 2},${place.y - place.height / 2})`,
        });
        group.append(svg("rect", { class: "body", width: place.width, height: place.height, rx: 4, fill: layerColour(node.layer) }));
        const status = node.lastRun ? STATUS_COLOURS[node.lastRun.status] : "#ffffff";
        group.append(svg("rect", { class: "status", width: 6, height: place.height, rx: 2, fill: status }));
        const label = svg("text", { x: 10, y: place.height / 2 + 4 });
        label.textContent = node.label;
        group.append(label);
        const title = svg("title");
        title.textContent = `${node.dataset}.${node.label} (${node.kind})${node.lastRun ? `: ${node.lastRun.status}` : ""}`;
        group.append(title);
        group.addEventListener("click", () => {
            for (const selected of canvas.querySelectorAll(".node.selected")) selected.classList.remove("selected");
            group.classList.add("selected");
            showDetails(details, node);
        });
        canvas.append(group);
    }
    box.replaceChildren(canvas);
}

function showDetails(details, node) {
    const run = node.lastRun;
    const facts = [
        ["kind", node.kind],
        ["dataset", node.dataset],
        ["file", node.fileName],
        ["tags", node.tags.join(", ")],
        ["rows in the warehouse", number(node.rows)],
        [
            "last run",
            run
                ? `${run.status}, ${run.startedAt.replace("T", " ").slice(0, 19)} UTC, ${seconds(run.seconds)}${run.rows === null ? "" : `, ${number(run.rows)} rows`}`
                : "not run",
        ],
    ].filter(([, value]) => value);
    const parts = [
        element("h2", {}, `${node.dataset}.${node.label}`),
        node.description
            ? element("p", { class: "description" }, node.description)
            : element("p", { class: "description" }, "(no description)"),
        element(
            "table",
            { class: "facts" },
            facts.map(([name, value]) =>
                element(
                    "tr",
                    {},
                    element("th", {}, name),
                    element("td", { class: name === "last run" && run ? `status-${run.status}` : "" }, value),
                ),
            ),
        ),
        run && run.error ? element("p", { class: "status-failed" }, run.error) : "",
        node.assertions.length
            ? [
                  element("h3", {}, `Assertions (${node.assertions.length})`),
                  element(
                      "table",
                      { class: "assertions" },
                      node.assertions.map((assertion) =>
                          element(
                              "tr",
                              {},
                              element("td", {}, assertion.label),
                              element("td", { class: `status-${assertion.status}` }, assertion.status || "not run"),
                          ),
                      ),
                  ),
              ]
            : "",
        node.columns.length
            ? [
                  element("h3", {}, `Columns (${node.columns.length})`),
                  element(
                      "table",
                      { class: "columns" },
                      node.columns.map((column) =>
                          element(
                              "tr",
                              {},
                              element("td", {}, element("code", {}, column.name)),
                              element("td", {}, column.description || ""),
                          ),
                      ),
                  ),
              ]
            : "",
        node.sql ? [element("h3", {}, "Compiled SQL"), element("pre", { class: "sql" }, node.sql.trim())] : "",
    ];
    details.replaceChildren(...parts.flat(2));
}

// ---- data pages ------------------------------------------------------------------------------

function renderDataPage(root, page) {
    if (page.intro) root.append(element("p", {}, page.intro));
    const cards = element("div", { class: "cards" });
    root.append(cards);
    for (const chart of page.charts) {
        const canvas = element("canvas", { id: `chart-${chart.id}`, "data-chart": chart.id });
        cards.append(
            element(
                "div",
                { class: "card" },
                element("h3", {}, chart.title),
                element("div", { class: "chart-box" }, canvas),
                chart.note ? element("p", { class: "note" }, chart.note) : "",
            ),
        );
        drawChart(canvas, chart);
    }
    for (const table of page.tables) {
        const rows = table.rows.map((row) =>
            element(
                "tr",
                {},
                row.map((cell) =>
                    element(
                        "td",
                        { class: typeof cell === "number" ? "number" : "" },
                        typeof cell === "number" ? number(cell) : cell === null ? "" : cell,
                    ),
                ),
            ),
        );
        cards.append(
            element(
                "div",
                { class: "card", id: `table-${table.id}` },
                element("h3", {}, table.title),
                element(
                    "table",
                    {},
                    element(
                        "tr",
                        {},
                        table.columns.map((column) => element("th", {}, column)),
                    ),
                    rows,
                ),
            ),
        );
    }
}

function drawChart(canvas, chart) {
    const stacked = chart.kind === "stacked-bar";
    const hasRight = chart.series.some((series) => series.axis === "right");
    new Chart(canvas, {
        type: chart.kind === "line" ? "line" : "bar",
        data: {
            labels: chart.labels,
            datasets: chart.series.map((series, index) => ({
                label: series.label,
                data: series.data,
                type: series.type,
                yAxisID: series.axis === "right" ? "y1" : "y",
                backgroundColor: SERIES_COLOURS[index % SERIES_COLOURS.length],
                borderColor: SERIES_COLOURS[index % SERIES_COLOURS.length],
                borderWidth: series.type === "line" || chart.kind === "line" ? 2 : 0,
                pointRadius: 2,
                spanGaps: true,
            })),
        },
        options: {
            animation: false,
            maintainAspectRatio: false,
            interaction: { mode: "index", intersect: false },
            plugins: { legend: { position: "bottom", labels: { boxWidth: 10, font: { size: 11 } } } },
            scales: {
                x: { stacked },
                y: { stacked, beginAtZero: true },
                ...(hasRight ? { y1: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false } } } : {}),
            },
        },
    });
}

start();
