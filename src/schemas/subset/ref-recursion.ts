import type { SchemaNode } from "../schema-node.js";
import type { SubsetReason } from "./subset-reason.js";

const MAX_DEPTH = 64;

/**
 * `$ref` in the proof. Normalisation replaces every reference by the object it points to, so a recursive
 * schema is a cyclic graph and comparing two of them can meet the same pair of nodes again. A pair already
 * being compared further up is assumed to hold (co-induction), which is sound because JSON documents are
 * finite: a counter-example would have to be infinitely deep. Results are memoised per pair, except those
 * that leaned on such an assumption, which are only valid inside the comparison that made it.
 */
export class PairMemo {
  private readonly assumed = new Map<SchemaNode, Set<SchemaNode>>();
  private readonly results = new Map<SchemaNode, Map<SchemaNode, SubsetReason[]>>();
  private assumptionsUsed = 0;
  private depth = 0;

  /** The reasons for one pair, with paths relative to it; `compare` computes them when not known yet. */
  run(left: SchemaNode, right: SchemaNode, compare: () => SubsetReason[]): SubsetReason[] {
    const cached = this.results.get(left)?.get(right);
    if (cached) return cached;
    const onStack = this.assumed.get(left);
    if (onStack?.has(right)) {
      this.assumptionsUsed++;
      return [];
    }
    if (this.depth >= MAX_DEPTH) {
      return [{ path: "", keyword: "depth", values: "values nested this deep", certain: false, why: `schemas nest deeper than ${MAX_DEPTH} levels` }];
    }
    if (onStack) onStack.add(right);
    else this.assumed.set(left, new Set([right]));
    const assumptionsBefore = this.assumptionsUsed;
    this.depth++;
    let reasons: SubsetReason[];
    try {
      reasons = compare();
    } finally {
      this.depth--;
      this.assumed.get(left)!.delete(right);
    }
    if (this.assumptionsUsed === assumptionsBefore) {
      let byRight = this.results.get(left);
      if (!byRight) this.results.set(left, (byRight = new Map()));
      byRight.set(right, reasons);
    }
    return reasons;
  }
}
