import { describe, expect, it } from "vitest";
import { event, useScenario } from "./harness.ts";

/**
 * Malformed JSON text: BigQuery's JSON_VALUE / JSON_QUERY read it as NULL (the
 * ZetaSQL reference evaluator agrees), so a bad payload is quarantined as
 * invalid_payload and a bad consent string falls back to the consent defaults.
 */
const raw = [
  event({ event_id: "bad-truncated", anonymous_id: "a-bad1", payload: '{"order_id": "o-1", "reven' }),
  event({ event_id: "bad-python", anonymous_id: "a-bad2", payload: "{'order_id': 'x'}" }),
  event({ event_id: "bad-empty", anonymous_id: "a-bad3", payload: "" }),
  event({ event_id: "bad-consent", anonymous_id: "a-bad4", consent: "{analytics: false" }),
  event({ event_id: "null-payload", anonymous_id: "a-ok", payload: null }),
];

const scenario = useScenario({ events: raw });

describe("malformed JSON", () => {
  it("quarantines payloads that are not JSON as invalid_payload", async () => {
    const rows = await scenario().rows("select event_id, reason from staging.events_quarantine order by event_id");
    expect(rows).toEqual([
      { event_id: "bad-empty", reason: "invalid_payload" },
      { event_id: "bad-python", reason: "invalid_payload" },
      { event_id: "bad-truncated", reason: "invalid_payload" },
    ]);
  });

  it("reads malformed consent as missing (analytics granted, ads denied by default) and a NULL payload as empty", async () => {
    // null-payload carries the default test consent (analytics and ads granted)
    const rows = await scenario().rows("select event_id, has_ads_consent from marts.fct_events order by event_id");
    expect(rows).toEqual([
      { event_id: "bad-consent", has_ads_consent: false },
      { event_id: "null-payload", has_ads_consent: true },
    ]);
  });
});
