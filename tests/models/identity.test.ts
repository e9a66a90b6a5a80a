import { describe, expect, it } from "vitest";
import { useScenario } from "./harness.ts";
import { identity } from "./scenarios.ts";

const scenario = useScenario(identity.raw);

describe("deduplication", () => {
    it("keeps one row of a replayed event_id, the first received", async () => {
        const rows = await scenario().rows("select event_id, received_at from marts.fct_events where anonymous_id = 'a-replay'");
        expect(rows).toEqual([{ event_id: "replayed", received_at: "2024-03-01T09:00:01.000000Z" }]);
    });

    it("counts the items of a replayed purchase once", async () => {
        const rows = await scenario().rows("select order_id, item_count from marts.fct_orders where order_id = 'o-replayed'");
        expect(rows).toEqual([{ order_id: "o-replayed", item_count: "2" }]);
    });

    it("keeps the server's purchase when browser and server both sent the order", async () => {
        const rows = await scenario().rows(
            "select order_id, event_source, revenue, ordered_at from marts.fct_orders where order_id = 'o-both'",
        );
        expect(rows).toEqual([{ order_id: "o-both", event_source: "server", revenue: "100", ordered_at: "2024-03-01T09:10:02.000000Z" }]);
    });

    it("keeps the earliest received purchase of an order without a server copy", async () => {
        const rows = await scenario().rows("select e.event_id from marts.fct_events as e where e.order_id = 'o-twice'");
        expect(rows).toEqual([{ event_id: "twice-1" }]);
    });

    it("counts the removed rows as duplicates", async () => {
        const rows = await scenario().rows("select raw_events, kept_events, duplicate_events from marts.mart_data_quality_daily");
        expect(rows).toEqual([{ raw_events: "17", kept_events: "12", duplicate_events: "5" }]);
    });
});

describe("identity", () => {
    it("stitches anonymous events before and after a login to the user, across sessions", async () => {
        const rows = await scenario().rows(
            "select event_id, user_key, session_id from marts.fct_events where anonymous_id = 'a-login' order by event_at",
        );
        expect(rows).toEqual([
            { event_id: "st-1", user_key: "u-login", session_id: "st-1" },
            { event_id: "st-2", user_key: "u-login", session_id: "st-2" },
            { event_id: "st-3", user_key: "u-login", session_id: "st-2" },
            { event_id: "st-4", user_key: "u-login", session_id: "st-2" },
        ]);
    });

    it("maps a device seen with two users to the latest, and leaves events with a user_id on their user", async () => {
        const rows = await scenario().rows(
            "select event_id, user_key from marts.fct_events where anonymous_id = 'a-shared' order by event_at",
        );
        expect(rows).toEqual([
            { event_id: "sh-1", user_key: "u-first" },
            { event_id: "sh-2", user_key: "u-second" },
            { event_id: "sh-3", user_key: "u-second" },
        ]);
        expect(await scenario().rows("select user_id from intermediate.int_identity_map where anonymous_id = 'a-shared'")).toEqual([
            { user_id: "u-second" },
        ]);
    });

    it("keys never-identified devices as anon:<anonymous_id>", async () => {
        expect(await scenario().rows("select user_key from marts.fct_events where anonymous_id = 'a-anon'")).toEqual([
            { user_key: "anon:a-anon" },
        ]);
    });
});
