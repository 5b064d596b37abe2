import type { KeywordFamily } from "./keyword-family.js";
import type { SubsetReason } from "./subset-reason.js";

/**
 * `unevaluatedProperties`/`unevaluatedItems` depend on what every other keyword evaluated, which this proof
 * does not track: unless the two nodes are identical (caught before any family runs), they are uncertain.
 */
export const unevaluatedFamily: KeywordFamily = {
  name: "unevaluated",
  keywords: ["unevaluatedProperties", "unevaluatedItems"],
  types: ["object", "array"],
  check(_ctx, { right, path, shared }) {
    const reasons: SubsetReason[] = [];
    if (right.unevaluatedProperties !== undefined && shared.has("object")) {
      reasons.push({ path, keyword: "unevaluatedProperties", values: "objects with properties no other keyword evaluates", certain: false, why: "driftgate cannot compare unevaluatedProperties unless the schemas are identical" });
    }
    if (right.unevaluatedItems !== undefined && shared.has("array")) {
      reasons.push({ path, keyword: "unevaluatedItems", values: "arrays with items no other keyword evaluates", certain: false, why: "driftgate cannot compare unevaluatedItems unless the schemas are identical" });
    }
    return reasons;
  },
};
