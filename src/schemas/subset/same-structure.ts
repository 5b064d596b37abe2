import { sameJson } from "../normalize-schema.js";
import type { SchemaNode } from "../schema-node.js";

/**
 * Structural equality of normalised graphs, cycle-safe: a pair already being compared is assumed equal,
 * which is what lets two copies of one recursive schema (two `$ref` cycles) compare equal.
 */
export function sameStructure(a: SchemaNode, b: SchemaNode, assumed: Map<object, Set<object>> = new Map()): boolean {
  if (a === b) return true;
  if (typeof a === "boolean" || typeof b === "boolean") return a === b;
  const seen = assumed.get(a);
  if (seen?.has(b)) return true;
  if (seen) seen.add(b);
  else assumed.set(a, new Set([b]));
  const keys = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const otherKeys = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (keys.length !== otherKeys.length) return false;
  for (const key of keys) {
    const x = (a as Record<string, unknown>)[key];
    const y = (b as Record<string, unknown>)[key];
    if (y === undefined) return false;
    if (!sameValue(key, x, y, assumed)) return false;
  }
  return true;
}

function sameValue(key: string, x: unknown, y: unknown, assumed: Map<object, Set<object>>): boolean {
  switch (key) {
    case "enum": {
      const xs = x as unknown[];
      const ys = y as unknown[];
      return xs.length === ys.length && xs.every((v) => ys.some((w) => sameJson(v, w)));
    }
    case "type":
    case "required":
      return sameJson([...(x as string[])].sort(), [...(y as string[])].sort());
    case "prefixItems":
    case "allOf":
    case "anyOf":
    case "oneOf": {
      const xs = x as SchemaNode[];
      const ys = y as SchemaNode[];
      return xs.length === ys.length && xs.every((n, i) => sameStructure(n, ys[i]!, assumed));
    }
    case "properties":
    case "patternProperties":
    case "dependentSchemas": {
      const xs = x as Record<string, SchemaNode>;
      const ys = y as Record<string, SchemaNode>;
      const names = Object.keys(xs);
      return names.length === Object.keys(ys).length && names.every((n) => ys[n] !== undefined && sameStructure(xs[n]!, ys[n]!, assumed));
    }
    case "dependentRequired":
      return sameJson(x, y);
    case "items":
    case "contains":
    case "additionalProperties":
    case "propertyNames":
    case "not":
    case "if":
    case "then":
    case "else":
    case "unevaluatedProperties":
    case "unevaluatedItems":
      return sameStructure(x as SchemaNode, y as SchemaNode, assumed);
    default:
      return sameJson(x, y);
  }
}
