// @ts-check
/**
 * Worked examples of the default channel rules: traffic sources as a landing
 * page sends them (utm parameters and click ids as sent, the referrer's host)
 * and the channel GA4's default channel group gives them, rule by rule
 * (https://support.google.com/analytics/answer/9756891). The unit test
 * definitions/tests/test_int_session_channels__ga4_examples.sqlx runs them
 * through int_session_channels, so `dataform test` checks them on BigQuery too.
 */

/**
 * @typedef {object} ChannelExample
 * @property {string} channel     the channel GA4 gives
 * @property {string} [utm_source]
 * @property {string} [utm_medium]
 * @property {string} [utm_campaign]
 * @property {string} [referrer]  host of the referring page
 * @property {string} [gclid]
 * @property {string} [msclkid]
 * @property {string} [fbclid]
 * @property {string} [ttclid]
 */

/** @type {readonly ChannelExample[]} */
const EXAMPLES = Object.freeze([
    // no utm parameters, click ids or referrer: (direct) / (none)
    { channel: "Direct" },
    // a Performance Max campaign carries cross-network in its name, and wins over the paid search its gclid implies
    { gclid: "Cj0KCQ", utm_campaign: "cross-network_pmax", channel: "Cross-network" },
    { utm_source: "amazon", utm_medium: "cpc", channel: "Paid Shopping" },
    { utm_source: "google", utm_medium: "cpc", utm_campaign: "summer_shop", channel: "Paid Shopping" },
    // Google Ads auto-tagging: a gclid alone is google / cpc
    { gclid: "Cj0KCQ", channel: "Paid Search" },
    { utm_source: "google", utm_medium: "cpc", utm_campaign: "brand_search", channel: "Paid Search" },
    { utm_source: "bing", utm_medium: "ppc", channel: "Paid Search" },
    { msclkid: "9f8e7d", channel: "Paid Search" },
    // matching is case-insensitive
    { utm_source: "Google", utm_medium: "CPC", channel: "Paid Search" },
    { utm_source: "facebook", utm_medium: "paid_social", channel: "Paid Social" },
    { utm_source: "linkedin", utm_medium: "retargeting", channel: "Paid Social" },
    { ttclid: "E.C.P", channel: "Paid Social" },
    { utm_source: "youtube", utm_medium: "cpv", channel: "Paid Video" },
    { utm_source: "criteo", utm_medium: "display", channel: "Display" },
    { utm_source: "newsletter_vendor", utm_medium: "banner", channel: "Display" },
    { utm_source: "partner_network", utm_medium: "paid", channel: "Paid Other" },
    { referrer: "www.ebay.com", channel: "Organic Shopping" },
    { utm_source: "blog", utm_campaign: "holiday_shopping_guide", channel: "Organic Shopping" },
    { referrer: "l.facebook.com", fbclid: "IwAR0", channel: "Organic Social" },
    { referrer: "t.co", channel: "Organic Social" },
    { utm_source: "newsletter", utm_medium: "social", channel: "Organic Social" },
    { fbclid: "IwAR0", channel: "Organic Social" },
    { referrer: "www.youtube.com", channel: "Organic Video" },
    { utm_source: "blog", utm_medium: "video", channel: "Organic Video" },
    { referrer: "www.google.co.uk", channel: "Organic Search" },
    { referrer: "duckduckgo.com", channel: "Organic Search" },
    { utm_source: "whatever", utm_medium: "organic", channel: "Organic Search" },
    { referrer: "blog.example.org", channel: "Referral" },
    // source lists match whole host labels: notgoogle.com is no search engine
    { referrer: "notgoogle.com", channel: "Referral" },
    { utm_source: "partner_site", utm_medium: "link", channel: "Referral" },
    // an AI assistant is a referral under the defaults (README, Make it yours, adds a channel for them)
    { referrer: "chatgpt.com", channel: "Referral" },
    { utm_source: "newsletter", utm_medium: "email", utm_campaign: "weekly_digest", channel: "Email" },
    { utm_source: "e-mail", channel: "Email" },
    { utm_source: "partnerize", utm_medium: "affiliate", referrer: "www.dealfinder.example", channel: "Affiliates" },
    { utm_source: "spotify", utm_medium: "audio", channel: "Audio" },
    { utm_source: "sms", channel: "SMS" },
    { utm_source: "onesignal", utm_medium: "web-push", channel: "Mobile Push Notifications" },
    { utm_source: "firebase", channel: "Mobile Push Notifications" },
    { utm_source: "spring_sale", channel: "Unassigned" },
]);

module.exports = { EXAMPLES };
