import { regexOf, type Truth } from "../evaluate-node.js";
import { sameJson } from "../normalize-schema.js";
import type { SchemaNode, SchemaObject } from "../schema-node.js";

/**
 * A left-hand side as a list of plain nodes that must all hold: the proof expands allOf/anyOf/oneOf on the
 * left into a union of these, and compares each against the right schema.
 */
export type Conj = readonly SchemaObject[];

export function toConj(node: SchemaNode): Conj {
  if (node === true) return [];
  if (node === false) return [{ type: [] }];
  if (node.allOf && Object.keys(node).length === 1) return node.allOf.flatMap(toConj);
  return [node];
}

/** Three-valued "and": false wins, then unknown. */
export function allTrue(values: readonly Truth[]): Truth {
  let unknown = false;
  for (const v of values) {
    if (v === false) return false;
    if (v === undefined) unknown = true;
  }
  return unknown ? undefined : true;
}

/** The values a conjunction allows when some member has an enum (or const), else null. */
export function finiteValues(conj: Conj): unknown[] | null {
  let values: unknown[] | null = null;
  for (const c of conj) {
    if (!c.enum) continue;
    values = values === null ? [...c.enum] : values.filter((v) => c.enum!.some((w) => sameJson(v, w)));
  }
  return values;
}

/** What a node allows for a property of this name: its own schema, matching patterns, or the fallback. */
export function propertyOf(node: SchemaObject, name: string): SchemaNode {
  const parts: SchemaNode[] = [];
  const own = node.properties?.[name];
  if (own !== undefined) parts.push(own);
  for (const [pattern, schema] of Object.entries(node.patternProperties ?? {})) if (regexOf(pattern).test(name)) parts.push(schema);
  if (parts.length === 0) return node.additionalProperties ?? true;
  if (parts.some((p) => p === false)) return false;
  const real = parts.filter((p) => p !== true);
  if (real.length === 0) return true;
  return real.length === 1 ? real[0]! : { allOf: real };
}

/** What a node allows at one array index: its prefixItems entry, else items. */
export function itemOf(node: SchemaObject, index: number): SchemaNode {
  const prefix = node.prefixItems?.[index];
  if (prefix !== undefined) return prefix;
  return node.items ?? true;
}
