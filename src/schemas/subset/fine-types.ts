import { jsonTypeOf } from "../evaluate-node.js";
import type { JsonType, SchemaNode } from "../schema-node.js";
import type { Conj } from "./conjunction.js";

/** Fine-grained JSON types: "fraction" is a number that is not an integer, so `integer` is a plain subset. */
export type FineType = "null" | "boolean" | "object" | "array" | "string" | "integer" | "fraction";
export const ALL_TYPES: readonly FineType[] = ["null", "boolean", "object", "array", "string", "integer", "fraction"];

export const TYPE_WORDS: Record<FineType, string> = {
  null: "null",
  boolean: "booleans",
  object: "objects",
  array: "arrays",
  string: "strings",
  integer: "integers",
  fraction: "numbers with a fractional part",
};

export function fineTypes(types: readonly JsonType[] | undefined): Set<FineType> {
  if (!types) return new Set(ALL_TYPES);
  const out = new Set<FineType>();
  for (const t of types) {
    if (t === "number") {
      out.add("integer");
      out.add("fraction");
    } else out.add(t as FineType);
  }
  return out;
}

export function fineTypeOf(value: unknown): FineType {
  const t = jsonTypeOf(value);
  return t === "number" ? "fraction" : (t as FineType);
}

export function intersects<T>(a: Set<T>, b: Set<T>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/** An upper bound of the types a conjunction accepts (`type`, `enum`, and nested allOf members). */
export function typesOf(conj: Conj): Set<FineType> {
  let types = new Set(ALL_TYPES);
  for (const c of conj) {
    types = new Set([...types].filter((t) => fineTypes(c.type).has(t)));
    if (c.enum) {
      const fromValues = new Set(c.enum.map(fineTypeOf));
      types = new Set([...types].filter((t) => fromValues.has(t)));
    }
  }
  return types;
}

/** An upper bound of the types one node accepts, looking into its allOf/anyOf/oneOf branches. */
export function branchTypes(node: SchemaNode): Set<FineType> {
  if (node === true) return new Set(ALL_TYPES);
  if (node === false) return new Set();
  let types = typesOf([node]);
  for (const member of node.allOf ?? []) types = new Set([...types].filter((t) => branchTypes(member).has(t)));
  if (node.anyOf) {
    const union = new Set(node.anyOf.flatMap((b) => [...branchTypes(b)]));
    types = new Set([...types].filter((t) => union.has(t)));
  }
  if (node.oneOf) {
    const union = new Set(node.oneOf.flatMap((b) => [...branchTypes(b)]));
    types = new Set([...types].filter((t) => union.has(t)));
  }
  return types;
}

/** "strings and null" (plural, for values) or "string, null" (singular, for a side's type list). */
export function describeTypes(types: Set<FineType>, plural = false): string {
  const words: string[] = [];
  const numbers = types.has("integer") && types.has("fraction");
  for (const t of ALL_TYPES) {
    if (!types.has(t)) continue;
    if (numbers && (t === "integer" || t === "fraction")) {
      if (t === "integer") words.push(plural ? "numbers" : "number");
      continue;
    }
    words.push(plural ? TYPE_WORDS[t] : t === "fraction" ? "non-integer number" : t);
  }
  return words.join(plural ? " and " : ", ");
}
