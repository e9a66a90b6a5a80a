import { createRequire } from "node:module";

/** Loads an include the way Dataform does (CommonJS), outside Dataform: no project vars. */
export const requireInclude = createRequire(new URL("../../includes/", import.meta.url));
