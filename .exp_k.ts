import { parse, generate, Dialect } from "@polyglot-sql/sdk";
const q: any = parse('select "__e".* from (select 1) as x', Dialect.DuckDB);
console.log(generate(q.ast, Dialect.DuckDB));
