import { evaluate, isMultipleOf } from "../evaluate-node.js";
import type { SchemaObject } from "../schema-node.js";
import type { Conj } from "./conjunction.js";
import { witness } from "./examples.js";
import type { KeywordFamily } from "./keyword-family.js";
import type { SubsetReason } from "./subset-reason.js";

/** Numeric bounds and `multipleOf`, over integers alone when the shared types hold no fractions. */
export const numericFamily: KeywordFamily = {
  name: "numeric bounds",
  keywords: ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
  types: ["integer", "fraction"],
  check(_ctx, { conj, right, path, shared }) {
    const reasons: SubsetReason[] = [];
    const integersOnly = !shared.has("fraction");
    const numeric = new Set([...shared].filter((t) => t === "integer" || t === "fraction"));
    const lower = lowerBound(conj, integersOnly);
    const upper = upperBound(conj, integersOnly);
    const rightLower = lowerBound([right], integersOnly);
    const rightUpper = upperBound([right], integersOnly);
    if (rightLower && (!lower || lower.value < rightLower.value || (lower.value === rightLower.value && rightLower.exclusive && !lower.exclusive))) {
      const example = witness(conj, numeric, (v) => typeof v === "number" && evaluate(boundOnly(right, "lower"), v) === false, [rightLower.value, rightLower.value - 1, rightLower.value - 0.5, Math.floor(rightLower.value) - 1]);
      reasons.push({
        path,
        keyword: rightLower.keyword,
        values: `numbers ${rightLower.exclusive ? "at or below" : "below"} ${rightLower.value}`,
        left: lower ? `${lower.keyword} ${lower.value}` : "no lower bound",
        right: `${rightLower.keyword} ${rightLower.value}`,
        certain: example !== undefined,
        example,
      });
    }
    if (rightUpper && (!upper || upper.value > rightUpper.value || (upper.value === rightUpper.value && rightUpper.exclusive && !upper.exclusive))) {
      const example = witness(conj, numeric, (v) => typeof v === "number" && evaluate(boundOnly(right, "upper"), v) === false, [rightUpper.value, rightUpper.value + 1, rightUpper.value + 0.5, Math.ceil(rightUpper.value) + 1]);
      reasons.push({
        path,
        keyword: rightUpper.keyword,
        values: `numbers ${rightUpper.exclusive ? "at or above" : "above"} ${rightUpper.value}`,
        left: upper ? `${upper.keyword} ${upper.value}` : "no upper bound",
        right: `${rightUpper.keyword} ${rightUpper.value}`,
        certain: example !== undefined,
        example,
      });
    }
    if (right.multipleOf !== undefined) {
      const m = right.multipleOf;
      const implied = conj.some((c) => c.multipleOf !== undefined && isMultipleOf(c.multipleOf, m)) || (integersOnly && isMultipleOf(1, m));
      if (!implied) {
        const example = witness(conj, numeric, (v) => typeof v === "number" && !isMultipleOf(v, m), [m / 2, 1, 0.5, 0.001, 1.5, m * 1.5]);
        const leftMultiple = conj.find((c) => c.multipleOf !== undefined)?.multipleOf;
        reasons.push({
          path,
          keyword: "multipleOf",
          values: `numbers that are not multiples of ${m}`,
          left: leftMultiple !== undefined ? `multipleOf ${leftMultiple}` : integersOnly ? "integers" : "any number",
          right: `multipleOf ${m}`,
          certain: example !== undefined,
          example,
        });
      }
    }
    return reasons;
  },
};

interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
  readonly keyword: string;
}

/** The tightest lower bound; over integers an exclusive bound becomes the next whole number, inclusive. */
function lowerBound(conj: Conj, integersOnly: boolean): Bound | null {
  let best: Bound | null = null;
  for (const c of conj) {
    for (const b of [c.minimum !== undefined ? { value: c.minimum, exclusive: false, keyword: "minimum" } : null, c.exclusiveMinimum !== undefined ? { value: c.exclusiveMinimum, exclusive: true, keyword: "exclusiveMinimum" } : null]) {
      if (!b) continue;
      const normal = integersOnly ? { value: b.exclusive ? Math.floor(b.value) + 1 : Math.ceil(b.value), exclusive: false, keyword: b.keyword } : b;
      if (!best || normal.value > best.value || (normal.value === best.value && normal.exclusive)) best = normal;
    }
  }
  return best;
}

function upperBound(conj: Conj, integersOnly: boolean): Bound | null {
  let best: Bound | null = null;
  for (const c of conj) {
    for (const b of [c.maximum !== undefined ? { value: c.maximum, exclusive: false, keyword: "maximum" } : null, c.exclusiveMaximum !== undefined ? { value: c.exclusiveMaximum, exclusive: true, keyword: "exclusiveMaximum" } : null]) {
      if (!b) continue;
      const normal = integersOnly ? { value: b.exclusive ? Math.ceil(b.value) - 1 : Math.floor(b.value), exclusive: false, keyword: b.keyword } : b;
      if (!best || normal.value < best.value || (normal.value === best.value && normal.exclusive)) best = normal;
    }
  }
  return best;
}

function boundOnly(node: SchemaObject, side: "lower" | "upper"): SchemaObject {
  return side === "lower" ? { minimum: node.minimum, exclusiveMinimum: node.exclusiveMinimum } : { maximum: node.maximum, exclusiveMaximum: node.exclusiveMaximum };
}
