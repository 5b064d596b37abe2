import { evaluate } from "../evaluate-node.js";
import type { JsonType, SchemaNode, SchemaObject } from "../schema-node.js";
import { allTrue, finiteValues, type Conj } from "./conjunction.js";
import { excludedByDiscriminator, pairwiseDisjoint } from "./disjoint-branches.js";
import { witness } from "./examples.js";
import { branchTypes, describeTypes, intersects, TYPE_WORDS, typesOf, type FineType } from "./fine-types.js";
import type { KeywordFamily, SubsetContext } from "./keyword-family.js";
import { sameStructure } from "./same-structure.js";
import { show, type SubsetReason } from "./subset-reason.js";

/**
 * Composition on the right: allOf (every member), anyOf/oneOf (some branch, split by type when no single
 * branch takes all), not (no shared value) and if/then/else. The left side's composition is expanded by the
 * driver before any family runs, so here the left is always one conjunction.
 */
export const compositionFamily: KeywordFamily = {
  name: "composition allOf/anyOf/oneOf/not/if-then-else",
  keywords: ["allOf", "anyOf", "oneOf", "not", "if", "then", "else"],
  check(ctx, { conj, right, path }) {
    const left = ctx.allOfNode(conj);
    const reasons: SubsetReason[] = [];
    if (right.allOf) for (const member of right.allOf) reasons.push(...ctx.check(left, member, path));
    if (right.anyOf) reasons.push(...checkUnion(ctx, conj, right.anyOf, path, "anyOf"));
    if (right.oneOf) {
      if (conj.some((c) => c.oneOf && sameStructure({ oneOf: c.oneOf }, { oneOf: right.oneOf }))) {
        // the same oneOf on both sides: whatever passed it on the left passes it on the right
      } else if (pairwiseDisjoint(right.oneOf)) reasons.push(...checkUnion(ctx, conj, right.oneOf, path, "oneOf"));
      else {
        reasons.push({ path, keyword: "oneOf", values: "values that may match several branches", certain: false, why: "oneOf branches that can overlap cannot be compared" });
      }
    }
    if (right.not !== undefined) reasons.push(...checkNot(ctx, conj, right.not, path));
    if (right.if !== undefined) reasons.push(...checkConditional(ctx, conj, right, path));
    return reasons;
  },
};

function checkUnion(ctx: SubsetContext, conj: Conj, branches: readonly SchemaNode[], path: string, keyword: "anyOf" | "oneOf"): SubsetReason[] {
  const left = ctx.allOfNode(conj);
  const leftTypes = typesOf(conj);
  const overlapping = (types: Set<FineType>) => branches.filter((b) => b !== false && intersects(branchTypes(b), types) && !excludedByDiscriminator(conj, b));
  const candidates = overlapping(leftTypes);
  const attempts = candidates.map((b) => ctx.check(left, b, path));
  if (attempts.some((r) => r.length === 0)) return [];
  if (candidates.length === 1) return attempts[0]!;
  if (candidates.length === 0) {
    const example = witness(conj, leftTypes, () => true);
    return [{ path, keyword: "type", values: describeTypes(leftTypes, true), certain: example !== undefined, example, why: example === undefined ? `no ${keyword} branch accepts these types` : undefined }];
  }
  // Split by type: a nullable string is "a string branch or a null branch", judged one type at a time.
  const reasons: SubsetReason[] = [];
  for (const type of leftTypes) {
    const typed = ctx.allOfNode([left, { type: [type === "fraction" ? "number" : type] as JsonType[] }]);
    const forType = overlapping(new Set([type]));
    const tries = forType.map((b) => ctx.check(typed, b, path));
    if (tries.some((r) => r.length === 0)) continue;
    if (tries.length === 1) reasons.push(...tries[0]!);
    else if (tries.length === 0) {
      const example = witness(conj, new Set([type]), () => true);
      reasons.push({ path, keyword: "type", values: TYPE_WORDS[type], certain: example !== undefined, example });
    } else {
      reasons.push({ path, keyword, values: TYPE_WORDS[type], certain: false, why: `no single ${keyword} branch is shown to accept all of them` });
    }
  }
  return reasons;
}

function checkNot(ctx: SubsetContext, conj: Conj, excluded: SchemaNode, path: string): SubsetReason[] {
  // left ⊆ not X  ⇔  left and X share no value.
  if (conj.some((c) => c.not !== undefined && ctx.check(excluded, c.not, path).length === 0)) return [];
  if (!intersects(typesOf(conj), branchTypes(excluded))) return [];
  const excludedValues = typeof excluded === "object" ? finiteValues([excluded]) : null;
  if (excludedValues !== null) {
    const shared = excludedValues.filter((v) => evaluate(excluded, v) !== false && allTrue(conj.map((c) => evaluate(c, v))) !== false);
    if (shared.length === 0) return [];
    return shared.map((v) => ({ path, keyword: "not", values: show(v), certain: evaluate(excluded, v) === true && allTrue(conj.map((c) => evaluate(c, v))) === true, example: v }));
  }
  return [{ path, keyword: "not", values: "values the excluded schema matches", certain: false, why: "driftgate cannot prove the two schemas share no value" }];
}

function checkConditional(ctx: SubsetContext, conj: Conj, right: SchemaObject, path: string): SubsetReason[] {
  if (conj.some((c) => c.if !== undefined && sameStructure({ if: c.if, then: c.then, else: c.else }, { if: right.if, then: right.then, else: right.else }))) return [];
  const left = ctx.allOfNode(conj);
  const then = right.then ?? true;
  const otherwise = right.else ?? true;
  if (ctx.check(left, right.if!, path).length === 0) return ctx.check(left, then, path);
  const thenReasons = ctx.check(left, then, path);
  const elseReasons = ctx.check(left, otherwise, path);
  if (thenReasons.length === 0 && elseReasons.length === 0) return [];
  return [{ path, keyword: "if", values: "values the condition sends to a branch that rejects them", certain: false, why: "driftgate cannot decide which branch of if/then/else applies" }];
}
