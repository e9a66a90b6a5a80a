// @ts-check
/**
 * Your conversions. The defaults (purchase, valued at the order's revenue, and
 * sign_up) live in includes/conversions.js; what you export here is merged
 * with them and checked at compile time. Every key is optional; README.md,
 * "Make it yours", shows each with an example. For instance:
 *
 *     module.exports = {
 *         conversions: [
 *             // a session that reached checkout, counted once per session, worth a constant 5
 *             { name: "checkout_session", event: "begin_checkout", value: { constant: 5 }, countOnce: "session" },
 *             // app purchases only, valued at their revenue
 *             { name: "app_purchase", event: "purchase", condition: "platform in ('ios', 'android')", value: { column: "revenue_reporting" } },
 *         ],
 *         remove: ["sign_up"],
 *     };
 *
 * @type {import("../conversions").Overrides}
 */
module.exports = {};
