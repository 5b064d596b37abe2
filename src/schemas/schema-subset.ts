/**
 * The proof that one JSON Schema accepts a subset of what another accepts, used by `driftgate compat` and
 * by fitting a schema to a table. It lives in ./subset/: a small driver plus one definition per keyword
 * family; this entry keeps importers' paths stable.
 */
export { SubsetChecker } from "./subset/subset-checker.js";
export { sameStructure } from "./subset/same-structure.js";
export type { SubsetReason } from "./subset/subset-reason.js";
