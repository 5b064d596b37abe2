/**
 * The normalised form driftgate compares schemas in: one vocabulary whatever the draft (2020-12 names:
 * prefixItems/items, dependentRequired/dependentSchemas), `const` folded into `enum`, annotations dropped,
 * and every `$ref` replaced by the schema it points to. References become shared objects, so a recursive
 * schema is a cyclic graph; readers must track the pairs they have visited.
 */
export type SchemaNode = boolean | SchemaObject;

export interface SchemaObject {
  type?: readonly JsonType[];
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  prefixItems?: readonly SchemaNode[];
  items?: SchemaNode;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  contains?: SchemaNode;
  minContains?: number;
  maxContains?: number;
  properties?: Readonly<Record<string, SchemaNode>>;
  patternProperties?: Readonly<Record<string, SchemaNode>>;
  additionalProperties?: SchemaNode;
  required?: readonly string[];
  minProperties?: number;
  maxProperties?: number;
  dependentRequired?: Readonly<Record<string, readonly string[]>>;
  dependentSchemas?: Readonly<Record<string, SchemaNode>>;
  propertyNames?: SchemaNode;
  allOf?: readonly SchemaNode[];
  anyOf?: readonly SchemaNode[];
  oneOf?: readonly SchemaNode[];
  not?: SchemaNode;
  if?: SchemaNode;
  then?: SchemaNode;
  else?: SchemaNode;
  unevaluatedProperties?: SchemaNode;
  unevaluatedItems?: SchemaNode;
}

export type JsonType = "null" | "boolean" | "object" | "array" | "number" | "integer" | "string";
export type SchemaKeyword = keyof SchemaObject;

/** Keywords whose value is one schema. */
export const SINGLE_SCHEMA_KEYWORDS = [
  "items",
  "contains",
  "additionalProperties",
  "propertyNames",
  "not",
  "if",
  "then",
  "else",
  "unevaluatedProperties",
  "unevaluatedItems",
] as const;
/** Keywords whose value is an array of schemas. */
export const ARRAY_SCHEMA_KEYWORDS = ["prefixItems", "allOf", "anyOf", "oneOf"] as const;
/** Keywords whose value maps names to schemas. */
export const MAP_SCHEMA_KEYWORDS = ["properties", "patternProperties", "dependentSchemas"] as const;

/** The keywords json-schema-diff computes with; anything else it would silently ignore. */
export const JSON_SCHEMA_DIFF_KEYWORDS: ReadonlySet<string> = new Set([
  "type",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "items",
  "minItems",
  "maxItems",
  "properties",
  "additionalProperties",
  "required",
  "minProperties",
  "maxProperties",
  "allOf",
  "anyOf",
  "oneOf",
  "not",
]);

/** Children of a node, for graph walks. */
export function childrenOf(node: SchemaNode): SchemaNode[] {
  if (typeof node === "boolean") return [];
  const out: SchemaNode[] = [];
  for (const k of SINGLE_SCHEMA_KEYWORDS) if (node[k] !== undefined) out.push(node[k]!);
  for (const k of ARRAY_SCHEMA_KEYWORDS) if (node[k]) out.push(...node[k]!);
  for (const k of MAP_SCHEMA_KEYWORDS) if (node[k]) out.push(...Object.values(node[k]!));
  return out;
}

export function isCyclic(root: SchemaNode): boolean {
  const onPath = new Set<SchemaNode>();
  const done = new Set<SchemaNode>();
  const visit = (node: SchemaNode): boolean => {
    if (typeof node === "boolean" || done.has(node)) return false;
    if (onPath.has(node)) return true;
    onPath.add(node);
    for (const child of childrenOf(node)) if (visit(child)) return true;
    onPath.delete(node);
    done.add(node);
    return false;
  };
  return visit(root);
}

/** Keywords used anywhere in the graph (cycle-safe). */
export function keywordsUsed(root: SchemaNode): Set<string> {
  const seen = new Set<SchemaNode>();
  const used = new Set<string>();
  const visit = (node: SchemaNode) => {
    if (typeof node === "boolean" || seen.has(node)) return;
    seen.add(node);
    for (const k of Object.keys(node)) used.add(k);
    childrenOf(node).forEach(visit);
  };
  visit(root);
  return used;
}

/**
 * The node as a plain JSON Schema (draft-07 spelling, which json-schema-diff reads). Only for acyclic
 * graphs; shared subschemas are written out once per use.
 */
export function toDraft07(node: SchemaNode, omit: ReadonlySet<string> = new Set()): unknown {
  if (typeof node === "boolean") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (omit.has(key) || value === undefined) continue;
    if (key === "enum") {
      const values = value as unknown[];
      if (values.length === 1) out["const"] = values[0];
      else out["enum"] = values;
    } else if (key === "type") {
      const types = value as string[];
      out["type"] = types.length === 1 ? types[0] : types;
    } else if (key === "prefixItems") {
      out["items"] = (value as SchemaNode[]).map((n) => toDraft07(n, omit));
      if (node.items !== undefined && !omit.has("items")) out["additionalItems"] = toDraft07(node.items, omit);
    } else if (key === "items" && node.prefixItems) {
      continue;
    } else if (key === "dependentRequired" || key === "dependentSchemas") {
      const deps = (out["dependencies"] ??= {}) as Record<string, unknown>;
      for (const [name, dep] of Object.entries(value as Record<string, unknown>)) {
        deps[name] = key === "dependentSchemas" ? toDraft07(dep as SchemaNode, omit) : dep;
      }
    } else if ((SINGLE_SCHEMA_KEYWORDS as readonly string[]).includes(key)) {
      out[key] = toDraft07(value as SchemaNode, omit);
    } else if ((ARRAY_SCHEMA_KEYWORDS as readonly string[]).includes(key)) {
      out[key] = (value as SchemaNode[]).map((n) => toDraft07(n, omit));
    } else if ((MAP_SCHEMA_KEYWORDS as readonly string[]).includes(key)) {
      out[key] = Object.fromEntries(Object.entries(value as Record<string, SchemaNode>).map(([k, n]) => [k, toDraft07(n, omit)]));
    } else {
      out[key] = value;
    }
  }
  return out;
}
