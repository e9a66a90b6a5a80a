import { describe, expect, it } from "vitest";
import { useQueryOnBothEngines } from "./both-engines.ts";
import { requireInclude } from "./load.ts";

const received_window = requireInclude("./received_window.js") as typeof import("../../includes/received_window.js");

/** Received times around the first date every reader takes, and none. */
const RECEIVED = [
    "timestamp '1969-12-31 23:59:59.999999+00'",
    "timestamp '1970-01-01 00:00:00+00'",
    "timestamp '1970-01-01 00:00:00.000001+00'",
    "timestamp '1970-01-01 05:00:00-05'",
    "timestamp '2024-03-31 23:30:00+02'",
    "cast(null as timestamp)",
];

const readers = useQueryOnBothEngines(
    "received_window.everyDateSql",
    `select example, ${received_window.everyDateSql()} as every_date, date(received_at) >= date '1970-01-01' as by_date
from unnest([
    ${RECEIVED.map((received, i) => `struct(${i} as example, ${received} as received_at)`).join(",\n    ")}
])
order by example`,
);

describe("received_window.everyDateSql on the ZetaSQL reference evaluator and on DuckDB", () => {
    it("takes the rows whose received date is 1970-01-01 or later, as date(received_at) >= date '1970-01-01' does", () => {
        expect(readers().duckdb.rows).toEqual(readers().zetasql.rows);
        const rows = readers().zetasql.rows;
        expect(rows.map((row) => row.every_date)).toEqual(rows.map((row) => row.by_date));
        expect(rows.map((row) => row.every_date)).toEqual([false, true, true, true, true, null]);
    });
});
