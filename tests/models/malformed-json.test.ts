import { describe, expect, it } from "vitest";
import { useScenario } from "./harness.ts";
import { malformedJson } from "./scenarios.ts";

/**
 * Malformed JSON text: BigQuery's JSON_VALUE / JSON_QUERY read it as NULL (the
 * ZetaSQL reference evaluator agrees), so a bad payload is quarantined as
 * invalid_payload and a bad consent string falls back to the consent defaults.
 * Their parser is lenient, though: Python-style single quotes read as JSON.
 */
const scenario = useScenario(malformedJson.raw);

describe("malformed JSON", () => {
    it("quarantines payloads that are not JSON as invalid_payload", async () => {
        const rows = await scenario().rows("select event_id, reason from staging.events_quarantine order by event_id");
        expect(rows).toEqual([
            { event_id: "bad-empty", reason: "invalid_payload" },
            { event_id: "bad-truncated", reason: "invalid_payload" },
        ]);
    });

    it("reads a single-quoted payload as BigQuery's lenient JSON functions do", async () => {
        expect(await scenario().rows("select event_id, order_id from marts.fct_events where event_id = 'bad-python'")).toEqual([
            { event_id: "bad-python", order_id: "x" },
        ]);
    });

    it("reads malformed consent as missing (analytics granted, ads denied by default) and a NULL payload as empty", async () => {
        // null-payload carries the default test consent (analytics and ads granted)
        const rows = await scenario().rows(
            "select event_id, has_ads_consent from marts.fct_events where event_id != 'bad-python' order by event_id",
        );
        expect(rows).toEqual([
            { event_id: "bad-consent", has_ads_consent: false },
            { event_id: "null-payload", has_ads_consent: true },
        ]);
    });
});
