import { evaluate } from "../evaluate-node.js";
import type { SchemaNode, SchemaObject } from "../schema-node.js";
import { allTrue, type Conj } from "./conjunction.js";
import { branchTypes, fineTypeOf, fineTypes } from "./fine-types.js";
import { show, type SubsetReason } from "./subset-reason.js";

/**
 * A left side with an enum (or const) is a finite set: each of its values is simply evaluated against the
 * right schema, which decides every keyword at once.
 */
export function checkFinite(conj: Conj, values: readonly unknown[], right: SchemaNode, path: string): SubsetReason[] {
  const reasons: SubsetReason[] = [];
  for (const value of values) {
    const inLeft = allTrue(conj.map((c) => evaluate(c, value)));
    if (inLeft === false) continue;
    const inRight = evaluate(right, value);
    if (inRight === true) continue;
    const keyword = culprit(right, value);
    const certain = inRight === false && inLeft === true;
    reasons.push({
      path,
      keyword,
      values: show(value),
      certain,
      example: certain ? value : undefined,
      why: certain ? undefined : "a keyword involved cannot be evaluated by driftgate",
    });
  }
  return reasons;
}

const SINGLE_VALUE_KEYWORDS = ["enum", "format", "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"] as const;

/** The keyword that rejects one value, looking through allOf/anyOf branches of the value's type. */
function culprit(node: SchemaNode, value: unknown, depth = 0): string {
  if (typeof node === "boolean" || depth > 16) return "value";
  if (node.type && !fineTypes(node.type).has(fineTypeOf(value)) && !(fineTypeOf(value) === "integer" && node.type.includes("number"))) return "type";
  for (const keyword of SINGLE_VALUE_KEYWORDS) {
    if (node[keyword] !== undefined && evaluate({ [keyword]: node[keyword] } as SchemaObject, value) === false) return keyword;
  }
  for (const member of node.allOf ?? []) if (evaluate(member, value) === false) return culprit(member, value, depth + 1);
  const branches = node.anyOf ?? node.oneOf;
  if (branches) {
    const typed = branches.filter((b) => b !== false && branchTypes(b).has(fineTypeOf(value)));
    if (typed.length === 0) return "type";
    if (typed.length === 1) return culprit(typed[0]!, value, depth + 1);
  }
  return "value";
}
