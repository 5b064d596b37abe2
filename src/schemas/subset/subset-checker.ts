import { evaluate } from "../evaluate-node.js";
import type { SchemaNode, SchemaObject } from "../schema-node.js";
import { finiteValues, type Conj } from "./conjunction.js";
import { pairwiseDisjoint } from "./disjoint-branches.js";
import { witness } from "./examples.js";
import { checkFinite } from "./finite-left.js";
import { fineTypes, typesOf } from "./fine-types.js";
import type { FamilyInput, SubsetContext } from "./keyword-family.js";
import { KEYWORD_FAMILIES } from "./keyword-families.js";
import { PairMemo } from "./ref-recursion.js";
import { sameStructure } from "./same-structure.js";
import { dedupe, type SubsetReason } from "./subset-reason.js";

const MAX_BRANCHES = 256;

/** Left-side keywords that tie a property's value to the rest of the document. */
const CONTEXT_KEYWORDS = ["not", "if", "dependentSchemas", "propertyNames", "unevaluatedProperties", "unevaluatedItems"] as const;

/**
 * Decides whether every value the left schema accepts is accepted by the right one, explaining each way it
 * may not be. Sound by construction: it answers "subset" only with a proof, and everything it cannot prove
 * comes back as an uncertain reason. This is the driver: it expands the left side into conjunctions, hands
 * each to the keyword families (keyword-families.ts) and confirms what they found on the whole pair.
 */
export class SubsetChecker implements SubsetContext {
  private readonly memo = new PairMemo();
  private readonly allOfCache = new Map<string, SchemaObject>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;

  check(left: SchemaNode, right: SchemaNode, path = ""): SubsetReason[] {
    if (right === true || left === false || left === right) return [];
    const reasons = this.memo.run(left, right, () => this.compare(left, right));
    return reasons.map((r) => ({ ...r, path: path + r.path }));
  }

  /** Reasons with paths relative to this pair, so results can be cached and reused at any path. */
  private compare(left: SchemaNode, right: SchemaNode): SubsetReason[] {
    if (sameStructure(left, right)) return [];
    const branches = this.expand(left);
    if (branches === null) {
      return [{ path: "", keyword: "anyOf", values: "some values", certain: false, why: `more than ${MAX_BRANCHES} combinations of anyOf/oneOf branches` }];
    }
    const reasons: SubsetReason[] = [];
    for (const { conj, approximate } of branches) {
      const contextual = approximate || conj.some((c) => CONTEXT_KEYWORDS.some((k) => c[k] !== undefined));
      for (const reason of this.checkConj(conj, right, "")) reasons.push(confirm(reason, left, right, contextual));
    }
    return dedupe(reasons);
  }

  /**
   * The left schema as a union of conjunctions of plain nodes; null when that would explode. A conjunction
   * that came from splitting a oneOf is `approximate`: it may accept values the oneOf as a whole rejects.
   */
  private expand(node: SchemaNode): { conj: Conj; approximate: boolean }[] | null {
    let work: { list: SchemaNode[]; approximate: boolean }[] = [{ list: [node], approximate: false }];
    const done: { conj: Conj; approximate: boolean }[] = [];
    while (work.length > 0) {
      const next: typeof work = [];
      for (const { list, approximate } of work) {
        if (list.some((n) => n === false)) continue;
        const index = list.findIndex((n) => typeof n === "object" && (n.allOf || n.anyOf || n.oneOf));
        if (index === -1) {
          done.push({ conj: list.filter((n): n is SchemaObject => typeof n === "object"), approximate });
          continue;
        }
        const n = list[index] as SchemaObject;
        const rest = [...list.slice(0, index), ...list.slice(index + 1)];
        if (n.allOf) {
          next.push({ list: [...rest, this.without(n, "allOf"), ...n.allOf], approximate });
        } else {
          // oneOf accepts a subset of what anyOf over the same branches accepts: sound on the left side,
          // and exact when no value can match two branches.
          const key = n.anyOf ? "anyOf" : "oneOf";
          const loose = key === "oneOf" && !pairwiseDisjoint(n.oneOf!);
          for (const branch of n[key]!) next.push({ list: [...rest, this.without(n, key), branch], approximate: approximate || loose });
        }
      }
      if (done.length + next.length > MAX_BRANCHES) return null;
      work = next;
    }
    return done;
  }

  private idOf(node: object): number {
    let id = this.ids.get(node);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(node, id);
    }
    return id;
  }

  /** Derived nodes are cached by the identity of their parts, so recursion through them still terminates. */
  private without(node: SchemaObject, keyword: keyof SchemaObject): SchemaObject {
    const key = `-${this.idOf(node)}:${keyword}`;
    let out = this.allOfCache.get(key);
    if (!out) {
      const copy: Record<string, unknown> = { ...node };
      delete copy[keyword];
      out = copy as SchemaObject;
      this.allOfCache.set(key, out);
    }
    return out;
  }

  allOfNode(members: readonly SchemaNode[]): SchemaNode {
    const parts = members.filter((m) => m !== true);
    if (parts.some((m) => m === false)) return false;
    if (parts.length === 0) return true;
    if (parts.length === 1) return parts[0]!;
    const key = parts.map((p) => this.idOf(p as object)).join(",");
    let out = this.allOfCache.get(key);
    if (!out) {
      out = { allOf: parts };
      this.allOfCache.set(key, out);
    }
    return out;
  }

  /** One conjunction against the right schema: a finite left is evaluated, anything else goes to the families. */
  private checkConj(conj: Conj, right: SchemaNode, path: string): SubsetReason[] {
    const leftTypes = typesOf(conj);
    if (leftTypes.size === 0) return [];
    const finite = finiteValues(conj);
    if (finite !== null) return checkFinite(conj, finite, right, path);
    if (right === false) {
      const example = witness(conj, leftTypes, () => true);
      return [{ path, keyword: "false", values: "any value", certain: example !== undefined, example, why: example === undefined ? "the right side accepts nothing" : undefined }];
    }
    if (right === true) return [];
    const rightTypes = fineTypes(right.type);
    const input: FamilyInput = { conj, right, path, leftTypes, shared: new Set([...leftTypes].filter((t) => rightTypes.has(t))) };
    const reasons: SubsetReason[] = [];
    for (const family of KEYWORD_FAMILIES) {
      if (!family.keywords.some((k) => right[k] !== undefined)) continue;
      if (family.types && !family.types.some((t) => input.shared.has(t))) continue;
      reasons.push(...family.check(this, input));
    }
    return reasons;
  }
}

/**
 * A reason stays certain only when its example is shown on the whole pair: at this level by evaluating
 * both whole schemas, deeper down only when nothing at this level (a split oneOf, a `not`, an `if`) could
 * make the document around the example invalid. Otherwise it is kept, as uncertain.
 */
function confirm(reason: SubsetReason, left: SchemaNode, right: SchemaNode, contextual: boolean): SubsetReason {
  if (!reason.certain) return reason;
  if (reason.path === "" && reason.example !== undefined) {
    if (evaluate(left, reason.example) === true && evaluate(right, reason.example) === false) return reason;
  } else if (!contextual) return reason;
  return { ...reason, certain: false, why: "driftgate found such a value for one branch but could not confirm a whole document with it" };
}
