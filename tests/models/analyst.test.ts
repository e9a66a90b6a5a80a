import { describe, expect, it } from "vitest";
import { useScenario } from "./harness.ts";
import { analyst } from "./scenarios.ts";

const scenario = useScenario(analyst.raw);

describe("dim_customers", () => {
    it("first touch, orders, average order value and lifetime value windows against the newest event", async () => {
        const rows = await scenario().rows(
            `select user_key, first_seen_date, first_touch_channel, first_touch_source, first_touch_campaign, is_identified,
                    first_order_date, last_order_date, orders, revenue, average_order_value, ltv_30d, ltv_90d, ltv_365d,
                    format_timestamp('%FT%TZ', data_as_of) as data_as_of
             from marts.dim_customers order by user_key`,
        );
        const common = { data_as_of: "2024-05-01T12:00:00Z" };
        expect(rows).toEqual([
            {
                user_key: "anon:a-anon",
                first_seen_date: "2024-01-10",
                first_touch_channel: "Direct",
                first_touch_source: null,
                first_touch_campaign: null,
                is_identified: false,
                first_order_date: null,
                last_order_date: null,
                orders: "0",
                revenue: "0",
                average_order_value: null,
                ltv_30d: null,
                ltv_90d: null,
                ltv_365d: null,
                ...common,
            },
            {
                user_key: "u1",
                first_seen_date: "2024-01-10",
                first_touch_channel: "Paid Search",
                first_touch_source: "google",
                first_touch_campaign: "winter",
                is_identified: true,
                first_order_date: "2024-01-10",
                last_order_date: "2024-03-15",
                orders: "3",
                revenue: "150",
                average_order_value: "50",
                // o1 + o2 (15 days later); o3 comes 65 days after o1; 365 days have not passed
                ltv_30d: "50",
                ltv_90d: "150",
                ltv_365d: null,
                ...common,
            },
            {
                user_key: "u3",
                first_seen_date: "2024-02-01",
                first_touch_channel: "Direct",
                first_touch_source: null,
                first_touch_campaign: null,
                is_identified: true,
                first_order_date: "2024-02-01",
                last_order_date: "2024-02-01",
                orders: "1",
                revenue: "22",
                average_order_value: "22",
                // the newest event is exactly 90 days after the first order: that window has passed
                ltv_30d: "22",
                ltv_90d: "22",
                ltv_365d: null,
                ...common,
            },
        ]);
    });
});

describe("mart_cohort_retention", () => {
    it("every cohort month through the newest data, zero months included, cumulative revenue per customer", async () => {
        const rows = await scenario().rows(
            `select cohort_month, months_since, customers_in_cohort, customers_ordering, orders, revenue, retention_rate,
                    cumulative_revenue_per_customer, is_complete_month
             from marts.mart_cohort_retention order by cohort_month, months_since`,
        );
        const row = (
            cohort: string,
            months: number,
            ordering: number,
            orders: number,
            revenue: string,
            cumulative: string,
            complete: boolean,
        ) => ({
            cohort_month: cohort,
            months_since: String(months),
            customers_in_cohort: "1",
            customers_ordering: String(ordering),
            orders: String(orders),
            revenue,
            retention_rate: ordering,
            cumulative_revenue_per_customer: cumulative,
            is_complete_month: complete,
        });
        expect(rows).toEqual([
            row("2024-01-01", 0, 1, 2, "50", "50", true),
            row("2024-01-01", 1, 0, 0, "0", "50", true),
            row("2024-01-01", 2, 1, 1, "100", "150", true),
            row("2024-01-01", 3, 0, 0, "0", "150", true),
            row("2024-01-01", 4, 0, 0, "0", "150", false),
            row("2024-02-01", 0, 1, 1, "22", "22", true),
            row("2024-02-01", 1, 0, 0, "0", "22", true),
            row("2024-02-01", 2, 0, 0, "0", "22", true),
            row("2024-02-01", 3, 0, 0, "0", "22", false),
        ]);
    });
});

describe("mart_products_daily", () => {
    it("views, add-to-carts, orders, units and revenue per product and day; unknown products kept and flagged", async () => {
        const rows = await scenario().rows(
            `select date, product_id, product_name, product_category, is_known_product, item_views, add_to_carts, purchases, units, revenue,
                    view_to_purchase_rate
             from marts.mart_products_daily order by date, product_id`,
        );
        expect(rows).toEqual([
            {
                date: "2024-01-10",
                product_id: "p1",
                product_name: "Trail Shoe",
                product_category: "shoes",
                is_known_product: true,
                item_views: "1",
                add_to_carts: "1",
                purchases: "1",
                units: "2",
                revenue: "40",
                view_to_purchase_rate: 1,
            },
            {
                date: "2024-01-10",
                product_id: "zz9",
                product_name: null,
                product_category: null,
                is_known_product: false,
                item_views: "1",
                add_to_carts: "0",
                purchases: "0",
                units: "0",
                revenue: "0",
                view_to_purchase_rate: 0,
            },
            {
                // EUR 20 at 1.1
                date: "2024-02-01",
                product_id: "p2",
                product_name: "Cap",
                product_category: "accessories",
                is_known_product: true,
                item_views: "0",
                add_to_carts: "0",
                purchases: "1",
                units: "1",
                revenue: "22",
                view_to_purchase_rate: null,
            },
        ]);
    });
});

describe("mart_pages_daily and the new/returning split", () => {
    it("page views and people by event date; landings and exits (last event with a page URL) by session date", async () => {
        const rows = await scenario().rows(
            `select date, page_path, page_views, users, new_users, returning_users, landing_sessions, exits
             from marts.mart_pages_daily order by date, page_path`,
        );
        const page = (date: string, path: string, views: number, fresh: number, returning: number, landings: number, exits: number) => ({
            date,
            page_path: path,
            page_views: String(views),
            users: String(fresh + returning),
            new_users: String(fresh),
            returning_users: String(returning),
            landing_sessions: String(landings),
            exits: String(exits),
        });
        expect(rows).toEqual([
            page("2024-01-10", "/", 1, 1, 0, 1, 0),
            page("2024-01-10", "/landing", 1, 1, 0, 1, 0),
            page("2024-01-10", "/p/p1", 0, 0, 0, 0, 1),
            page("2024-01-10", "/p/zz9", 0, 0, 0, 0, 1),
            page("2024-01-25", "/", 1, 0, 1, 1, 1),
            page("2024-05-01", "/", 1, 0, 1, 1, 1),
        ]);
    });

    it("mart_daily_conversions splits users into new and returning", async () => {
        const rows = await scenario().rows(
            "select date, channel, users, new_users, returning_users from marts.mart_daily_conversions order by date, channel",
        );
        const day = (date: string, channel: string, fresh: number, returning: number) => ({
            date,
            channel,
            users: String(fresh + returning),
            new_users: String(fresh),
            returning_users: String(returning),
        });
        expect(rows).toEqual([
            day("2024-01-10", "Direct", 1, 0),
            day("2024-01-10", "Paid Search", 1, 0),
            day("2024-01-25", "Direct", 0, 1),
            day("2024-02-01", "Direct", 1, 0),
            day("2024-03-15", "Direct", 0, 1),
            day("2024-05-01", "Direct", 0, 1),
        ]);
    });
});

describe("mart_consent_daily", () => {
    it("refused events by the channel of their own page, beside the consented ones; no person counted for them", async () => {
        const rows = await scenario().rows(
            `select date, channel, events, analytics_granted_events, analytics_denied_events, ads_denied_events, users, ads_denied_users,
                    analytics_refused_share, ads_refused_share
             from marts.mart_consent_daily order by date, channel`,
        );
        const day = (
            date: string,
            channel: string,
            granted: number,
            denied: number,
            adsDenied: number,
            users: number,
            adsDeniedUsers: number,
        ) => ({
            date,
            channel,
            events: String(granted + denied),
            analytics_granted_events: String(granted),
            analytics_denied_events: String(denied),
            ads_denied_events: String(adsDenied),
            users: String(users),
            ads_denied_users: String(adsDeniedUsers),
            analytics_refused_share: denied / (granted + denied),
            ads_refused_share: adsDenied / (granted + denied),
        });
        expect(rows).toEqual([
            // u1's product page views and server purchase, and the anonymous visitor: no page context of their own beyond the site
            day("2024-01-10", "Direct", 5, 0, 0, 2, 0),
            day("2024-01-10", "Email", 0, 1, 1, 0, 0),
            day("2024-01-10", "Paid Search", 1, 0, 0, 1, 0),
            day("2024-01-25", "Direct", 2, 0, 0, 1, 0),
            day("2024-02-01", "Direct", 1, 0, 1, 1, 1),
            day("2024-03-15", "Direct", 1, 0, 0, 1, 0),
            day("2024-05-01", "Direct", 1, 0, 1, 1, 1),
        ]);
    });
});

describe("mart_campaigns_daily", () => {
    it("spend meets sessions on normalized keys; spend without sessions and conversions without spend both have rows", async () => {
        const rows = await scenario().rows(
            `select date, source, medium, campaign, impressions, clicks, spend, ctr, cpc, sessions, has_spend,
                    conversions_first_touch, conversion_value_first_touch, conversions_linear, conversion_value_linear,
                    roas_first_touch, cpa_first_touch
             from marts.mart_campaigns_daily where campaign in ('winter', 'ghost') order by date, source`,
        );
        expect(rows).toEqual([
            {
                // EUR 20 at 1.1; no session came from this campaign
                date: "2024-01-10",
                source: "bing",
                medium: "cpc",
                campaign: "ghost",
                impressions: "500",
                clicks: "10",
                spend: "22",
                ctr: 0.02,
                cpc: "2.2",
                sessions: "0",
                has_spend: true,
                conversions_first_touch: "0",
                conversion_value_first_touch: "0",
                conversions_linear: "0",
                conversion_value_linear: "0",
                roas_first_touch: 0,
                cpa_first_touch: null,
            },
            {
                // " Google" / "CPC" / "Winter" spend meets the google / cpc / winter landing; o1 (40) is its only touchpoint's
                date: "2024-01-10",
                source: "google",
                medium: "cpc",
                campaign: "winter",
                impressions: "1000",
                clicks: "40",
                spend: "50",
                ctr: 0.04,
                cpc: "1.25",
                sessions: "1",
                has_spend: true,
                conversions_first_touch: "1",
                conversion_value_first_touch: "40",
                conversions_linear: "1",
                conversion_value_linear: "40",
                roas_first_touch: 0.8,
                cpa_first_touch: "50",
            },
            {
                // o2 (10) on 2024-01-25 has two touchpoints: this campaign's session first, a direct one last
                date: "2024-01-25",
                source: "google",
                medium: "cpc",
                campaign: "winter",
                impressions: "0",
                clicks: "0",
                spend: "0",
                ctr: null,
                cpc: null,
                sessions: "0",
                has_spend: false,
                conversions_first_touch: "1",
                conversion_value_first_touch: "10",
                conversions_linear: "0.5",
                conversion_value_linear: "5",
                roas_first_touch: null,
                // no spend: ROAS is NULL, CPA is 0 (as in mart_attribution_daily)
                cpa_first_touch: "0",
            },
        ]);
    });
});
