import { evaluate } from "../evaluate-node.js";
import { sameJson } from "../normalize-schema.js";
import type { SchemaNode, SchemaObject } from "../schema-node.js";
import { finiteValues, propertyOf, type Conj } from "./conjunction.js";
import { branchTypes, intersects } from "./fine-types.js";

/**
 * Branches no value can satisfy together: by type, or by a required property with disjoint allowed values.
 * It is what lets a oneOf be read as an anyOf, on either side, without losing soundness.
 */
export function pairwiseDisjoint(branches: readonly SchemaNode[]): boolean {
  for (let i = 0; i < branches.length; i++) {
    for (let j = i + 1; j < branches.length; j++) {
      const a = branches[i]!;
      const b = branches[j]!;
      if (a === false || b === false) continue;
      if (!intersects(branchTypes(a), branchTypes(b))) continue;
      if (a === true || b === true) return false;
      if (!discriminated(a, b)) return false;
    }
  }
  return true;
}

function discriminated(a: SchemaObject, b: SchemaObject): boolean {
  for (const name of a.required ?? []) {
    if (!(b.required ?? []).includes(name)) continue;
    const av = propertyValues(a, name);
    const bv = propertyValues(b, name);
    if (av && bv && !av.some((x) => bv.some((y) => sameJson(x, y)))) return true;
  }
  return false;
}

function propertyValues(node: SchemaObject, name: string): readonly unknown[] | null {
  const p = node.properties?.[name];
  return typeof p === "object" && p.enum ? p.enum : null;
}

/**
 * A branch the conjunction can never reach because a property it requires has values the branch rejects:
 * `{"kind": "a"}` documents never match the `{"kind": "b"}` branch of a tagged union.
 */
export function excludedByDiscriminator(conj: Conj, branch: SchemaNode): boolean {
  if (typeof branch !== "object") return false;
  const required = new Set(conj.flatMap((c) => c.required ?? []));
  for (const name of required) {
    const values = finiteValues(conj.map((c) => propertyOf(c, name)).filter((n): n is SchemaObject => typeof n === "object"));
    if (values === null || values.length === 0) continue;
    const theirs = propertyOf(branch, name);
    if (values.every((v) => evaluate(theirs, v) === false)) return true;
  }
  return false;
}
