import { describe, expect, it } from "vitest";
import { requireInclude } from "./load.ts";

const sql = requireInclude("./sql.js") as typeof import("../../includes/sql.js");
const funnel = requireInclude("./funnel.js") as typeof import("../../includes/funnel.js");
const fx = requireInclude("./fx.js") as typeof import("../../includes/fx.js");
const privacy = requireInclude("./privacy.js") as typeof import("../../includes/privacy.js");
const columns = requireInclude("./columns.js") as typeof import("../../includes/columns.js");
const received_window = requireInclude("./received_window.js") as typeof import("../../includes/received_window.js");

describe("sql", () => {
    it("quotes string literals and escapes quotes and backslashes", () => {
        expect(sql.string("it's")).toBe("'it\\'s'");
        expect(sql.string("a\\b")).toBe("'a\\\\b'");
        expect(sql.stringList(["a", "b"])).toBe("('a', 'b')");
        expect(() => sql.stringList([])).toThrow(/at least one/);
    });

    it("escapes regex characters as one-character classes, never with backslashes", () => {
        expect(sql.regexEscape("t.co")).toBe("t[.]co");
        expect(sql.regexEscape("curl/7+")).toBe("curl/7[+]");
        expect(() => sql.regexEscape("a[b]")).toThrow(/not supported/);
        expect(sql.labelPattern(["google", "t.co"])).toBe("'(^|[.])(google|t[.]co)([.]|$)'");
    });
});

describe("funnel", () => {
    it("needs at least one step, each once", () => {
        expect(() => funnel.stepsSql(["purchase", "purchase"])).toThrow(/distinct/);
        expect(() => funnel.stepsSql([])).toThrow(/at least one/);
    });

    it("chains each step to the previous one at the same time or later", () => {
        const ctes = funnel.reachedCtesSql(["view_item", "add_to_cart"], "events");
        expect(ctes).toContain("funnel_step_1 as (");
        expect(ctes).toContain("inner join funnel_step_1 as previous_step");
        expect(ctes).toContain("and events.event_at >= previous_step.reached_at");
        expect(ctes).toContain("where events.event_name = 'add_to_cart'");
        expect(ctes.trimEnd().endsWith(")")).toBe(true);
        expect(funnel.stepsSql(["view_item", "purchase"])).toBe(
            "select 1 as step_index, 'view_item' as step_name\n    union all\n    select 2 as step_index, 'purchase' as step_name",
        );
    });
});

describe("fx", () => {
    it("uses the USD rate as is for USD reporting and divides in FLOAT64 otherwise", () => {
        expect(fx.factorSql("c", "r", "USD")).toBe("c");
        expect(fx.factorSql("c", "r", "EUR")).toBe("cast(cast(c as float64) / cast(r as float64) as numeric)");
        expect(fx.multiplySql("amount", "rate")).toBe("cast(amount * rate as numeric)");
    });
});

describe("privacy", () => {
    it("finds e-mail addresses with a backslash-free pattern", () => {
        const pattern = new RegExp(privacy.EMAIL_PATTERN);
        expect(pattern.test("https://x.test/?email=Jane.Doe+1@Example.co.uk")).toBe(true);
        expect(pattern.test("https://x.test/?user=jane")).toBe(false);
        expect(privacy.EMAIL_PATTERN).not.toContain("\\");
        expect(privacy.emailSha256Sql("email")).toBe("to_hex(sha256(lower(trim(email))))");
    });

    it("has no pattern that matches a line break, so columns joined by one are scanned in one match", () => {
        const samples = { email: "jane.doe@example.com", phone: "+44 20 7946 0958", ipv4: "203.0.113.99", ipv6: "2001:db8::1" };
        for (const [kind, pattern] of Object.entries(privacy.PII_PATTERNS)) {
            const sample = samples[kind as keyof typeof samples];
            expect(new RegExp(pattern).test(sample)).toBe(true);
            // the sample broken by a line break anywhere: no match may hold it
            for (let at = 1; at < sample.length; at++) {
                const broken = `${sample.slice(0, at)}\n${sample.slice(at)}`;
                for (const match of broken.matchAll(new RegExp(pattern, "g"))) expect(match[0]).not.toContain("\n");
            }
        }
        expect(Object.keys(samples)).toEqual(Object.keys(privacy.PII_PATTERNS));
        expect(privacy.anyContainsPersonalDataSql(["a", "b"])).toMatch(
            /^regexp_contains\(concat\(coalesce\(a, ''\), '\\n', coalesce\(b, ''\)\), /,
        );
    });
});

describe("columns", () => {
    it("describes listed columns from the shared text and refuses unknown ones", () => {
        expect(columns.describe(["order_id"], { extra: "x" })).toEqual({ order_id: columns.DESCRIPTIONS.order_id, extra: "x" });
        expect(() => columns.describe(["no_such_column"])).toThrow(/no description/);
        expect(Object.keys(columns.QUARANTINE_COLUMNS)).toContain("quarantined_invalid_payload");
    });
});

describe("received_window", () => {
    it("declares the window from the table itself, then deletes it", () => {
        expect(received_window.replaceWindowSql({ self: "t", lookbackDays: 3 })).toBe(
            [
                "declare reprocess_from date default (",
                "    select coalesce(date_sub(date(max(received_at)), interval 3 day), date '1970-01-01')",
                "    from t",
                ");",
                "delete from t where received_at >= timestamp(reprocess_from)",
            ].join("\n"),
        );
    });

    it("declares the window from another table and deletes the rows the run computes again", () => {
        const preOperations = received_window.replaceWindowSql({ self: "t", lookbackDays: 1, windowOf: "u", recomputed: "true" });
        expect(preOperations).toContain("interval 1 day), date '1970-01-01')\n    from u\n);");
        expect(preOperations).toMatch(/delete from t where true$/);
        expect(() => received_window.replaceWindowSql({ self: "t", lookbackDays: -1 })).toThrow(/lookbackDays/);
    });
});
