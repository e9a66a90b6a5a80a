import { it } from "vitest";
import { prepareBench, releaseBench, tryFault } from "./harness.ts";
it("explores", async () => {
    const bench = await prepareBench({ seed: 7, days: 4, users: 150, cutoff: "2024-03-03 12:00:00+00" });
    const started = performance.now();
    const lines: string[] = [];
    let n = 0;
    for (const { action, statements } of bench.actions) {
        if ("skipReason" in action) continue;
        const variants = [{ afterStatements: 0 }];
        for (let j = 2; j < statements; j++) variants.push({ afterStatements: j, keepPartial: true } as never);
        if (process.env.ONLY_PARTIAL && statements < 3) continue;
        for (const variant of variants) {
            const outcome = await tryFault(bench, { action: action.name, ...variant }, `v${n++}`);
            const short = action.name.split(".").pop();
            const line = `${short} ${JSON.stringify(variant)} heal=${outcome.healingRun.length} diff=${outcome.differences.length} ${outcome.healingRun.map((x) => x.slice(0, 160)).join(" | ")} ${outcome.differences.map((d) => d.split("\n")[0].slice(0, 200)).join(" | ")}`;
            lines.push(line);
            console.log(line);
        }
    }
    console.log(`variants ${n} in ${(performance.now() - started) / 1000} s`);
    await releaseBench(bench);
}, 3600000);
