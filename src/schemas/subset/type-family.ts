import { evaluate } from "../evaluate-node.js";
import { sameJson } from "../normalize-schema.js";
import { allTrue, type Conj } from "./conjunction.js";
import { witness } from "./examples.js";
import { describeTypes, fineTypes, TYPE_WORDS, type FineType } from "./fine-types.js";
import type { KeywordFamily } from "./keyword-family.js";
import { show, type SubsetReason } from "./subset-reason.js";

/**
 * `type` and `enum` (`const` is folded into `enum` by normalisation). Types the right side drops are
 * reported first; the enum is then judged only over the types both sides share.
 */
export const typeFamily: KeywordFamily = {
  name: "type/enum",
  keywords: ["type", "enum"],
  check(_ctx, { conj, right, path, leftTypes, shared }) {
    const reasons: SubsetReason[] = [];
    const rightTypes = fineTypes(right.type);
    const excess = new Set([...leftTypes].filter((t) => !rightTypes.has(t)));
    if (excess.size > 0) {
      const example = witness(conj, excess, () => true);
      reasons.push({
        path,
        keyword: "type",
        values: describeTypes(excess, true),
        left: describeTypes(leftTypes),
        right: describeTypes(rightTypes),
        certain: example !== undefined,
        example,
        why: example === undefined ? "no example found, but nothing excludes them either" : undefined,
      });
    }
    if (shared.size > 0 && right.enum) reasons.push(...checkEnum(conj, shared, right.enum, path));
    return reasons;
  },
};

function checkEnum(conj: Conj, shared: Set<FineType>, allowed: readonly unknown[], path: string): SubsetReason[] {
  // The left side is not a finite set here; it fits only if the right enum lists every value of the shared types.
  const complete: unknown[] = [];
  for (const t of shared) {
    if (t === "null") complete.push(null);
    else if (t === "boolean") complete.push(true, false);
    else {
      const example = witness(conj, new Set([t]), (v) => !allowed.some((a) => sameJson(a, v)));
      return [{ path, keyword: "enum", values: `${TYPE_WORDS[t]} other than ${allowed.map(show).join(", ")}`, right: allowed.map(show).join(", "), certain: example !== undefined, example }];
    }
  }
  return complete
    .filter((v) => allTrue(conj.map((c) => evaluate(c, v))) !== false && !allowed.some((a) => sameJson(a, v)))
    .map((v) => ({ path, keyword: "enum", values: show(v), right: allowed.map(show).join(", "), certain: true, example: v }));
}
