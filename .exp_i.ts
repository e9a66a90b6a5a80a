import { parse, Dialect } from "@polyglot-sql/sdk";
const q: any = parse("select try_cast(x as int), cast(y as int)", Dialect.DuckDB);
console.log(JSON.stringify(q.ast[0].select.expressions.map((e: any) => Object.keys(e))));
