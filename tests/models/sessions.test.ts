import { describe, expect, it } from "vitest";
import { event, useScenario } from "./harness.ts";

const SITE = "https://shop.example.com";

/** One landing event per device: its traffic source decides the session's channel. */
const landings: [string, { page_url?: string; referrer?: string }, string][] = [
  ["gclid", { page_url: `${SITE}/?gclid=abc123` }, "Paid Search"],
  ["cpc", { page_url: `${SITE}/?utm_source=google&utm_medium=cpc&utm_campaign=Spring` }, "Paid Search"],
  ["paid-social", { page_url: `${SITE}/?utm_source=facebook&utm_medium=paid_social` }, "Paid Social"],
  ["display", { page_url: `${SITE}/?utm_source=gdn&utm_medium=display` }, "Display"],
  ["email", { page_url: `${SITE}/?utm_source=newsletter&utm_medium=email` }, "Email"],
  ["affiliate", { page_url: `${SITE}/?utm_source=partner&utm_medium=affiliate` }, "Affiliates"],
  ["organic-social", { referrer: "https://m.facebook.com/" }, "Organic Social"],
  ["organic-search", { referrer: "https://www.google.com/" }, "Organic Search"],
  ["referral", { referrer: "https://blog.example.org/post" }, "Referral"],
  ["own-host", { page_url: "https://m.shop.example.com/", referrer: `${SITE}/cart` }, "Direct"],
  ["other", { page_url: `${SITE}/?utm_source=spring_sale` }, "Other"],
  ["direct", {}, "Direct"],
];

const raw = [
  ...landings.map(([name, context]) => event({ event_id: `land-${name}`, anonymous_id: `a-${name}`, at: "2024-03-01T12:00:00Z", ...context })),
  // a session across midnight stays one session, dated by its first event; 31 minutes later a new one starts
  event({ event_id: "night-1", anonymous_id: "a-night", at: "2024-03-01T23:50:00Z" }),
  event({ event_id: "night-2", anonymous_id: "a-night", at: "2024-03-02T00:10:00Z" }),
  event({ event_id: "night-3", anonymous_id: "a-night", at: "2024-03-02T00:35:00Z" }),
  event({ event_id: "night-4", anonymous_id: "a-night", at: "2024-03-02T01:06:00Z" }),
  // server events without page context fall into the session around them; the source comes from the first page event
  event({ event_id: "srv-1", anonymous_id: "a-inherit", source: "server", platform: "backend", page_url: null, at: "2024-03-01T09:59:00Z" }),
  event({ event_id: "srv-2", anonymous_id: "a-inherit", page_url: `${SITE}/landing?utm_source=newsletter&utm_medium=email&utm_campaign=march`, at: "2024-03-01T10:00:00Z" }),
  event({ event_id: "srv-3", anonymous_id: "a-inherit", source: "server", platform: "backend", page_url: null, at: "2024-03-01T10:10:00Z" }),
];

const scenario = useScenario({ events: raw });

describe("sessions", () => {
  it("keeps a session across midnight in one piece, dated by its first event", async () => {
    const sessions = await scenario().rows("select session_id, session_date, started_at, ended_at, event_count from marts.fct_sessions where user_key = 'anon:a-night' order by started_at");
    expect(sessions).toEqual([
      { session_id: "night-1", session_date: "2024-03-01", started_at: "2024-03-01T23:50:00.000000Z", ended_at: "2024-03-02T00:35:00.000000Z", event_count: "3" },
      { session_id: "night-4", session_date: "2024-03-02", started_at: "2024-03-02T01:06:00.000000Z", ended_at: "2024-03-02T01:06:00.000000Z", event_count: "1" },
    ]);
  });

  it("takes the traffic source from the first event with page context; server events inherit the session", async () => {
    const sessions = await scenario().rows("select session_id, started_at, event_count, channel, source, medium, campaign, landing_page from marts.fct_sessions where user_key = 'anon:a-inherit'");
    expect(sessions).toEqual([
      {
        session_id: "srv-1", started_at: "2024-03-01T09:59:00.000000Z", event_count: "3", channel: "Email",
        source: "newsletter", medium: "email", campaign: "march", landing_page: `${SITE}/landing`,
      },
    ]);
  });
});

describe("channels", () => {
  it.each(landings)("a %s landing is %s", async (name, _context, channel) => {
    const rows = await scenario().rows(`select channel from marts.fct_sessions where user_key = 'anon:a-${name}'`);
    expect(rows).toEqual([{ channel }]);
  });

  it("lower-cases campaign parameters and keeps the referrer host", async () => {
    expect(await scenario().rows("select source, medium, campaign from marts.fct_sessions where user_key = 'anon:a-cpc'")).toEqual([
      { source: "google", medium: "cpc", campaign: "spring" },
    ]);
    expect(await scenario().rows("select referrer_host from marts.fct_sessions where user_key in ('anon:a-referral', 'anon:a-own-host') order by user_key")).toEqual([
      { referrer_host: null },
      { referrer_host: "blog.example.org" },
    ]);
  });
});
