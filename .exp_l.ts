import { parse, Dialect } from "@polyglot-sql/sdk";
const q: any = parse("select cast(null as string)", Dialect.BigQuery);
console.log(JSON.stringify(q.ast[0].select.expressions[0]));
