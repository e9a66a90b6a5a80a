import { describe, expect, it } from "vitest";
import { useScenario } from "./harness.ts";
import { landings, sessions, SITE } from "./scenarios.ts";

const scenario = useScenario(sessions.raw);

describe("sessions", () => {
    it("keeps a session across midnight in one piece, dated by its first event", async () => {
        const sessions = await scenario().rows(
            "select session_id, session_date, started_at, ended_at, event_count from marts.fct_sessions where user_key = 'anon:a-night' order by started_at",
        );
        expect(sessions).toEqual([
            {
                session_id: "night-1",
                session_date: "2024-03-01",
                started_at: "2024-03-01T23:50:00.000000Z",
                ended_at: "2024-03-02T00:35:00.000000Z",
                event_count: "3",
            },
            {
                session_id: "night-4",
                session_date: "2024-03-02",
                started_at: "2024-03-02T01:06:00.000000Z",
                ended_at: "2024-03-02T01:06:00.000000Z",
                event_count: "1",
            },
        ]);
    });

    it("takes the traffic source from the first event with page context; server events inherit the session", async () => {
        const sessions = await scenario().rows(
            "select session_id, started_at, event_count, channel, source, medium, campaign, landing_page from marts.fct_sessions where user_key = 'anon:a-inherit'",
        );
        expect(sessions).toEqual([
            {
                session_id: "srv-1",
                started_at: "2024-03-01T09:59:00.000000Z",
                event_count: "3",
                channel: "Email",
                source: "newsletter",
                medium: "email",
                campaign: "march",
                landing_page: `${SITE}/landing`,
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
        expect(
            await scenario().rows(
                "select referrer_host from marts.fct_sessions where user_key in ('anon:a-referral', 'anon:a-own-host') order by user_key",
            ),
        ).toEqual([{ referrer_host: null }, { referrer_host: "blog.example.org" }]);
    });
});
