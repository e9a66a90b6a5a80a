// @ts-check
/**
 * Your channel rules. The defaults (GA4's default channel group) live in
 * includes/channels.js; what you export here is merged with them and checked
 * at compile time. Every key is optional; README.md, "Make it yours", shows
 * each with an example. For instance, an "AI Assistants" channel:
 *
 *     module.exports = {
 *         sourceLists: { ai_assistants: ["chatgpt.com", "perplexity.ai", "gemini.google.com", "copilot.microsoft.com", "claude.ai"] },
 *         rules: [{ channel: "AI Assistants", before: "Referral", anyOf: [[{ field: "source", inList: "ai_assistants" }]] }],
 *     };
 *
 * @type {import("../channels").Overrides}
 */
module.exports = {};
