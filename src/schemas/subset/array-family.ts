import { evaluate } from "../evaluate-node.js";
import { sameJson } from "../normalize-schema.js";
import type { SchemaNode } from "../schema-node.js";
import { itemOf, toConj, type Conj } from "./conjunction.js";
import { firstCandidate, witness } from "./examples.js";
import type { FineType } from "./fine-types.js";
import type { KeywordFamily, SubsetContext } from "./keyword-family.js";
import type { SubsetReason } from "./subset-reason.js";

/**
 * Array length, uniqueness, `prefixItems`/`items` (recursing index by index, then "*" for the rest) and
 * `contains` with its bounds.
 */
export const arrayFamily: KeywordFamily = {
  name: "array items/contains/length/uniqueness",
  keywords: ["minItems", "maxItems", "uniqueItems", "prefixItems", "items", "contains", "minContains", "maxContains"],
  types: ["array"],
  check(ctx, { conj, right, path }) {
    const reasons: SubsetReason[] = [];
    const arrays = new Set<FineType>(["array"]);
    const minItems = Math.max(0, ...conj.map((c) => c.minItems ?? 0));
    const maxItems = Math.min(Infinity, ...conj.map((c) => c.maxItems ?? Infinity));
    if (right.minItems !== undefined && minItems < right.minItems) {
      const example = witness(conj, arrays, (v) => Array.isArray(v) && v.length < right.minItems!);
      reasons.push({ path, keyword: "minItems", values: `arrays with fewer than ${right.minItems} items`, left: `minItems ${minItems}`, right: `minItems ${right.minItems}`, certain: example !== undefined, example });
    }
    if (right.maxItems !== undefined && maxItems > right.maxItems) {
      const item = firstCandidate(toConj(itemAt(ctx, conj, right.maxItems)));
      const example = witness(conj, arrays, (v) => Array.isArray(v) && v.length > right.maxItems!, [Array.from({ length: right.maxItems + 1 }, () => item ?? null)]);
      reasons.push({
        path,
        keyword: "maxItems",
        values: `arrays with more than ${right.maxItems} items`,
        left: Number.isFinite(maxItems) ? `maxItems ${maxItems}` : "no maxItems",
        right: `maxItems ${right.maxItems}`,
        certain: example !== undefined,
        example,
      });
    }
    if (right.uniqueItems && !conj.some((c) => c.uniqueItems) && maxItems > 1) {
      const example = witness(conj, arrays, (v) => Array.isArray(v) && v.length > 1 && v.some((x, i) => v.findIndex((y) => sameJson(x, y)) !== i));
      reasons.push({ path, keyword: "uniqueItems", values: "arrays with duplicate items", certain: example !== undefined, example });
    }
    const prefix = Math.max(right.prefixItems?.length ?? 0, ...conj.map((c) => c.prefixItems?.length ?? 0));
    for (let i = 0; i < prefix && i < maxItems; i++) {
      reasons.push(...ctx.check(itemAt(ctx, conj, i), itemOf(right, i), `${path}/${i}`));
    }
    if (maxItems > prefix) {
      const leftRest = ctx.allOfNode(conj.map((c) => c.items ?? true));
      if (right.items === false && leftRest !== false) {
        reasons.push({ path, keyword: right.prefixItems ? "items" : "maxItems", values: `arrays with more than ${prefix} items`, left: Number.isFinite(maxItems) ? `up to ${maxItems} items` : "any number of items", right: `${prefix} items`, certain: true });
      } else reasons.push(...ctx.check(leftRest, right.items ?? true, `${path}/*`));
    }
    if (right.contains !== undefined) {
      const min = right.minContains ?? 1;
      const max = right.maxContains ?? Infinity;
      const ok = conj.some((c) => c.contains !== undefined && (c.minContains ?? 1) >= min && (c.maxContains ?? Infinity) <= max && ctx.check(c.contains, right.contains!, `${path}/*`).length === 0);
      if (!ok) {
        const example = witness(conj, arrays, (v) => evaluate({ contains: right.contains!, minContains: min, maxContains: max }, v) === false);
        reasons.push({ path, keyword: "contains", values: `arrays without the items "contains" requires`, certain: example !== undefined, example, why: example === undefined ? "driftgate cannot prove the left side always contains such items" : undefined });
      }
    }
    return reasons;
  },
};

/** What the whole conjunction allows at one index. */
function itemAt(ctx: SubsetContext, conj: Conj, index: number): SchemaNode {
  return ctx.allOfNode(conj.map((c) => itemOf(c, index)));
}
