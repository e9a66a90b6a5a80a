import { describe, expect, it } from "vitest";
import { useScenario } from "./harness.ts";
import { malformedJson } from "./scenarios.ts";

/**
 * JSON text that BigQuery's strict parser refuses is quarantined by the column that holds it, never
 * read leniently and never allowed to fail the run (a lone surrogate made DuckDB's JSON functions
 * fail the whole query). tests/differential runs the same rows on the ZetaSQL reference evaluator.
 */
const scenario = useScenario(malformedJson.raw);

describe("malformed JSON", () => {
    it("quarantines each text that is not a JSON object, by column", async () => {
        const rows = await scenario().rows("select event_id, reason from staging.events_quarantine order by event_id");
        expect(rows).toEqual([
            { event_id: "bad-array", reason: "invalid_payload" },
            { event_id: "bad-comma", reason: "invalid_payload" },
            { event_id: "bad-consent", reason: "invalid_consent" },
            { event_id: "bad-consent-flag", reason: "invalid_consent" },
            { event_id: "bad-context", reason: "invalid_context" },
            { event_id: "bad-empty", reason: "invalid_payload" },
            { event_id: "bad-number", reason: "invalid_payload" },
            { event_id: "bad-python", reason: "invalid_payload" },
            { event_id: "bad-string", reason: "invalid_payload" },
            { event_id: "bad-surrogate", reason: "invalid_payload" },
            { event_id: "bad-truncated", reason: "invalid_payload" },
        ]);
    });

    it("keeps a payload with an escaped surrogate pair, a NULL payload (no properties) and NULL consent (the defaults)", async () => {
        const rows = await scenario().rows("select event_id, has_ads_consent from marts.fct_events order by event_id");
        expect(rows).toEqual([
            { event_id: "null-consent", has_ads_consent: false },
            { event_id: "null-payload", has_ads_consent: true },
            { event_id: "ok-pair", has_ads_consent: true },
            { event_id: "ok-spaced", has_ads_consent: true },
        ]);
    });
});
