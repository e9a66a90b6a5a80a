// @ts-check
/**
 * The outcome of every assertion of the project as rows of
 * marts.mart_assertion_results: each assertion's own query, counted. Read at
 * compile time from the Dataform session once every file has been loaded (so
 * built-in uniqueKey / nonNull / rowConditions assertions count too).
 */
const sql = require("./sql");

/**
 * @typedef {object} CompiledAssertion
 * @property {string} name     dataset.name of the assertion's view
 * @property {string} query    its compiled SQL: the failing rows
 * @property {readonly { database?: string, schema: string, name: string }[]} reads  the targets it depends on
 */

/**
 * The project's enabled assertions, compiled: the actions of the session of
 * the same kind as the one named `probe`.
 * @param {{ actions: any[] }} session  the Dataform session (the `dataform` global)
 * @param {string} probe  the name of one custom assertion of the project
 * @returns {CompiledAssertion[]}
 */
function compiledAssertions(session, probe) {
    const known = session.actions.find((action) => action.proto && action.proto.target && action.proto.target.name === probe);
    if (!known) {
        throw new Error(`assertion_results: no action named ${probe}`);
    }
    return session.actions
        .filter((action) => action.constructor === known.constructor)
        .map((action) => action.compile())
        .filter((proto) => !proto.disabled)
        .map((proto) => ({
            name: `${proto.target.schema}.${proto.target.name}`,
            query: proto.query,
            reads: proto.dependencyTargets || [],
        }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * SQL: CTEs `failing_1` .. `failing_<n>`, then `failing` (assertion_name, failing_rows): one row per
 * assertion, its query counted. Chunks of a few `union all`s keep the statement shallow enough for
 * SQL parsers with a nesting limit. Ends without a comma.
 * @param {readonly CompiledAssertion[]} assertions
 * @param {number} [chunkSize]
 * @returns {string}
 */
function failingRowsCtesSql(assertions, chunkSize = 6) {
    if (assertions.length === 0) {
        throw new Error("assertion_results: the project has no enabled assertion");
    }
    const selects = assertions.map(
        (assertion) =>
            `select ${sql.string(assertion.name)} as assertion_name, (select count(*) from (\n${assertion.query}\n)) as failing_rows`,
    );
    /** @type {string[][]} */
    const chunks = [];
    for (let i = 0; i < selects.length; i += chunkSize) {
        chunks.push(selects.slice(i, i + chunkSize));
    }
    const ctes = chunks.map((chunk, i) => `failing_${i + 1} as (\n    ${chunk.join("\n    union all\n    ")}\n)`);
    const all = chunks.map((_, i) => `select * from failing_${i + 1}`).join("\n    union all\n    ");
    return `${ctes.join(",\n\n")},\n\nfailing as (\n    ${all}\n)`;
}

module.exports = { compiledAssertions, failingRowsCtesSql };
