import { isObject, type JsonObject } from "./ast.ts";
import { bigQueryTypeOf, duckdbTypeNode } from "./types.ts";

/** `CREATE TABLE t (a INT64, ...)`: column types mapped like CAST targets. */
export function columnDefinition(object: JsonObject): JsonObject {
  if (!(isObject(object.name) && isObject(object.data_type) && "constraints" in object)) return object;
  return { ...object, data_type: duckdbTypeNode(bigQueryTypeOf(object.data_type)) };
}
