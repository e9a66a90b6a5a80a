/**
 * Personal data reaches only the tables README.md (Privacy) names: raw rows stay in staging's
 * quarantine, e-mail leaves staging only hashed, IPs only truncated and only in staging, URLs are
 * redacted. assert_pii__none_after_staging scans every text column after staging, and fails when a
 * producer sends personal data where an id belongs.
 */
import { describe, expect, it } from "vitest";
import { requireInclude } from "../includes/load.ts";
import { runScenario, useScenario } from "./harness.ts";
import { privacy, privacyLeak } from "./scenarios.ts";

const privacyRules = requireInclude("./privacy.js") as typeof import("../../includes/privacy.js");
const scenario = useScenario(privacy.raw);
const PII = new RegExp(Object.values(privacyRules.PII_PATTERNS).join("|"));

describe("privacy", () => {
    it("scans every text column of every table after staging, and no table after staging has another", async () => {
        const rows = await scenario().rows(
            `select table_name, string_agg(column_name, ',' order by ordinal_position) as names
             from \`region-eu\`.INFORMATION_SCHEMA.COLUMNS
             where table_schema in ('intermediate', 'marts') and data_type = 'STRING'
                 and table_name not in (${Object.keys(privacyRules.UNSCANNED_TABLES)
                     .map((name) => `'${name}'`)
                     .join(", ")})
             group by table_name order by table_name`,
        );
        const scanned = Object.entries(privacyRules.TEXT_COLUMNS_AFTER_STAGING).sort(([a], [b]) => (a < b ? -1 : 1));
        expect(rows).toEqual(scanned.map(([table, names]) => ({ table_name: table, names: names.join(",") })));
    });

    it("keeps ip_truncated in staging only", async () => {
        const rows = await scenario().rows(
            "select distinct table_schema from `region-eu`.INFORMATION_SCHEMA.COLUMNS where column_name = 'ip_truncated' and table_schema != 'dataform_assertions' order by 1",
        );
        expect(rows).toEqual([{ table_schema: "staging" }]);
    });

    it("redacts e-mail addresses, phone numbers and IPs in URLs", async () => {
        const rows = await scenario().rows(
            "select event_id, page_url from marts.fct_events where anonymous_id = 'a-pii' order by event_id",
        );
        expect(rows).toEqual([
            { event_id: "pii-ip-url", page_url: "http://[ip]/landing?utm_source=newsletter" },
            { event_id: "pii-signup", page_url: "https://shop.example.com/welcome?email=[email]&phone=[phone]" },
            { event_id: "pii-tel", page_url: "https://shop.example.com/contact/[phone]" },
        ]);
    });

    it("holds no e-mail or IP in stg_events_parsed outside the quarantined rows, consent-denied rows included", async () => {
        const rows = await scenario().rows(
            `select event_id, reason, to_json_string(struct(user_id, anonymous_id, order_id, product_id, email_sha256, page_url, page_referrer, locale, ip_truncated, context, payload)) as texts
             from staging.stg_events_parsed where date(received_at) >= date '1970-01-01' order by event_id`,
        );
        const leaking = rows.filter(
            (row) => row.reason === null && PII.test(String(row.texts)) && !String(row.texts).includes('"ip_truncated":"203.0.113.0"'),
        );
        expect(leaking).toEqual([]);
        const [denied] = rows.filter((row) => row.event_id === "pii-denied");
        expect(JSON.parse(String(denied!.texts))).toMatchObject({ email_sha256: null, page_url: null, context: null, payload: null });
        const [quarantined] = await scenario().rows(
            "select payload, context from staging.events_quarantine where anonymous_id = 'a-pii-q'",
        );
        expect(String(quarantined!.payload)).toContain("kept@example.com");
        expect(String(quarantined!.context)).toContain("203.0.113.99");
    });
});

describe("the PII scan", () => {
    it("fails the run when a producer sends an e-mail address or a phone number as an id, naming table, column and kind", async () => {
        const leak = await runScenario(privacyLeak.raw);
        try {
            const result = leak.report.results.find((item) => item.name.endsWith("assert_pii__none_after_staging"));
            expect(result?.status).toBe("failed");
            const rows = await leak.rows(
                "select distinct table_name, column_name, kind from dataform_assertions.assert_pii__none_after_staging where table_name in ('fct_events', 'int_identity_map') order by 1, 2, 3",
            );
            expect(rows).toEqual([
                { table_name: "fct_events", column_name: "anonymous_id", kind: "phone" },
                { table_name: "fct_events", column_name: "user_id", kind: "email" },
                { table_name: "fct_events", column_name: "user_key", kind: "email" },
                { table_name: "fct_events", column_name: "user_key", kind: "phone" },
                { table_name: "int_identity_map", column_name: "user_id", kind: "email" },
            ]);
        } finally {
            await leak.close();
        }
    });
});
