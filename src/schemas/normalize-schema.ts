import { InputError } from "../errors.js";
import type { SchemaCatalog, SchemaEntry } from "./schema-catalog.js";
import type { SchemaDraft } from "./schema-draft.js";
import type { JsonType, SchemaNode, SchemaObject } from "./schema-node.js";

type Raw = Record<string, unknown>;

interface Location {
  readonly raw: unknown;
  readonly base: string;
  readonly draft: SchemaDraft;
}

/** Keywords that carry no constraint: dropped, which is what makes title or description edits cosmetic. */
const ANNOTATIONS = new Set([
  "$schema",
  "$id",
  "$anchor",
  "$dynamicAnchor",
  "$recursiveAnchor",
  "$vocabulary",
  "$comment",
  "$defs",
  "definitions",
  "title",
  "description",
  "default",
  "examples",
  "deprecated",
  "readOnly",
  "writeOnly",
  "contentMediaType",
  "contentEncoding",
  "contentSchema",
]);

const SCHEMA_VALUED = new Set(["additionalItems", "items", "contains", "additionalProperties", "propertyNames", "not", "if", "then", "else", "unevaluatedProperties", "unevaluatedItems", "contentSchema"]);
const SCHEMA_ARRAYS = new Set(["allOf", "anyOf", "oneOf", "prefixItems", "items"]);
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "definitions", "$defs", "dependentSchemas", "dependencies"]);
const PASSTHROUGH = new Set([
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minContains",
  "maxContains",
  "minProperties",
  "maxProperties",
]);

function withoutFragment(uri: string): string {
  const hash = uri.indexOf("#");
  return hash === -1 ? uri : uri.slice(0, hash);
}

function resolveUri(ref: string, base: string): string {
  try {
    return new URL(ref, base).href;
  } catch {
    // Bases such as "driftgate:inline/x" are not hierarchical; a fragment still resolves against them.
    if (ref.startsWith("#")) return withoutFragment(base) + ref;
    return ref;
  }
}

/**
 * Resolves `$ref`s across the two schemas being compared and the catalog, maps drafts to one vocabulary
 * and drops annotations. Never guesses: a reference that does not resolve is bad input.
 */
export class SchemaNormalizer {
  private readonly resources = new Map<string, Location>();
  private readonly memo = new Map<object, SchemaNode>();
  private readonly resolving = new Set<object>();

  constructor(entries: readonly SchemaEntry[], catalog?: SchemaCatalog) {
    for (const entry of catalog?.entries ?? []) this.index(entry);
    // The compared schemas win over catalog entries with the same id (OLD and NEW often share one).
    for (const entry of entries) this.index(entry);
  }

  private index(entry: SchemaEntry): void {
    const walk = (raw: unknown, base: string) => {
      if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return;
      const object = raw as Raw;
      let here = base;
      if (typeof object["$id"] === "string") {
        const id = object["$id"];
        if (id.startsWith("#") && entry.draft === "draft-07") {
          this.resources.set(resolveUri(id, base), { raw, base, draft: entry.draft });
        } else {
          here = withoutFragment(resolveUri(id, base));
          this.resources.set(here, { raw, base: here, draft: entry.draft });
        }
      }
      for (const anchorKey of ["$anchor", "$dynamicAnchor"]) {
        const anchor = object[anchorKey];
        if (typeof anchor === "string") this.resources.set(`${withoutFragment(here)}#${anchor}`, { raw, base: here, draft: entry.draft });
      }
      for (const [key, value] of Object.entries(object)) {
        if (SCHEMA_VALUED.has(key)) walk(value, here);
        if (SCHEMA_ARRAYS.has(key) && Array.isArray(value)) value.forEach((v) => walk(v, here));
        if (SCHEMA_MAPS.has(key) && value && typeof value === "object") Object.values(value).forEach((v) => walk(v, here));
      }
    };
    this.resources.set(withoutFragment(entry.id), { raw: entry.schema, base: withoutFragment(entry.id), draft: entry.draft });
    walk(entry.schema, withoutFragment(entry.id));
    // The root again: an embedded resource must not shadow its own document root.
    this.resources.set(withoutFragment(entry.id), { raw: entry.schema, base: withoutFragment(entry.id), draft: entry.draft });
  }

  normalize(entry: SchemaEntry): SchemaNode {
    return this.node(entry.schema, withoutFragment(entry.id), entry.draft, "#");
  }

  private locate(ref: string, base: string, where: string): Location {
    const uri = resolveUri(ref, base);
    const direct = this.resources.get(uri);
    if (direct) return direct;
    const documentUri = withoutFragment(uri);
    const document = this.resources.get(documentUri);
    if (!document) throw new InputError(`${where}: cannot resolve $ref "${ref}" (no schema with id ${documentUri})`);
    const fragment = decodeURIComponent(uri.slice(documentUri.length + 1));
    if (fragment === "") return document;
    if (!fragment.startsWith("/")) throw new InputError(`${where}: cannot resolve $ref "${ref}" (no anchor "${fragment}")`);
    let raw: unknown = document.raw;
    let here = document.base;
    for (const segment of fragment.slice(1).split("/")) {
      const key = segment.replace(/~1/g, "/").replace(/~0/g, "~");
      if (raw === null || typeof raw !== "object" || !(key in (raw as Raw))) {
        throw new InputError(`${where}: cannot resolve $ref "${ref}" (nothing at ${fragment})`);
      }
      raw = (raw as Raw)[key];
      if (raw && typeof raw === "object" && !Array.isArray(raw) && typeof (raw as Raw)["$id"] === "string" && !((raw as Raw)["$id"] as string).startsWith("#")) {
        here = withoutFragment(resolveUri((raw as Raw)["$id"] as string, here));
      }
    }
    return { raw, base: here, draft: document.draft };
  }

  private node(raw: unknown, base: string, draft: SchemaDraft, where: string): SchemaNode {
    if (typeof raw === "boolean") return raw;
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new InputError(`${where}: a schema must be an object or a boolean`);
    const memoised = this.memo.get(raw);
    if (memoised !== undefined) return memoised;
    const object = raw as Raw;
    if (typeof object["$id"] === "string" && !(object["$id"] as string).startsWith("#")) base = withoutFragment(resolveUri(object["$id"] as string, base));

    const refKey = ["$ref", "$dynamicRef", "$recursiveRef"].find((k) => typeof object[k] === "string");
    const siblings = Object.keys(object).filter((k) => !ANNOTATIONS.has(k) && k !== refKey && !k.startsWith("x-"));
    if (refKey && siblings.length === 0) {
      // A bare reference is the schema it points to: sharing the object is what turns recursion into a cycle.
      if (this.resolving.has(raw)) throw new InputError(`${where}: $ref loops without reaching a schema`);
      this.resolving.add(raw);
      try {
        const ref = refKey === "$recursiveRef" ? "#" : (object[refKey] as string);
        const target = this.locate(ref, base, where);
        const resolved = this.node(target.raw, target.base, target.draft, `${where} -> ${ref}`);
        this.memo.set(raw, resolved);
        return resolved;
      } finally {
        this.resolving.delete(raw);
      }
    }

    const out: SchemaObject = {};
    this.memo.set(raw, out);
    const mutable = out as Record<string, unknown>;
    const allOf: SchemaNode[] = [];
    if (refKey) {
      const ref = refKey === "$recursiveRef" ? "#" : (object[refKey] as string);
      const target = this.locate(ref, base, where);
      allOf.push(this.node(target.raw, target.base, target.draft, `${where} -> ${ref}`));
    }
    for (const [key, value] of Object.entries(object)) {
      if (ANNOTATIONS.has(key) || key === refKey || key.startsWith("x-")) continue;
      const at = `${where}/${key}`;
      switch (key) {
        case "type": {
          const types = (Array.isArray(value) ? value : [value]) as JsonType[];
          const set = new Set(types);
          if (set.has("number")) set.delete("integer");
          mutable["type"] = [...set].sort();
          break;
        }
        case "const":
          mutable["enum"] = mutable["enum"] ? (mutable["enum"] as unknown[]).filter((v) => sameJson(v, value)) : [value];
          break;
        case "enum": {
          const unique: unknown[] = [];
          for (const v of value as unknown[]) if (!unique.some((u) => sameJson(u, v))) unique.push(v);
          mutable["enum"] = mutable["enum"] ? (mutable["enum"] as unknown[]).filter((v) => unique.some((u) => sameJson(u, v))) : unique;
          break;
        }
        case "items":
          if (Array.isArray(value)) {
            if (draft === "2020-12") throw new InputError(`${at}: an array "items" is not valid in 2020-12 (use prefixItems)`);
            mutable["prefixItems"] = value.map((v, i) => this.node(v, base, draft, `${at}/${i}`));
            if (object["additionalItems"] !== undefined) mutable["items"] = this.node(object["additionalItems"], base, draft, `${where}/additionalItems`);
          } else {
            mutable["items"] = this.node(value, base, draft, at);
          }
          break;
        case "additionalItems":
          // Only meaningful next to an array "items", handled there.
          break;
        case "prefixItems":
          mutable["prefixItems"] = (value as unknown[]).map((v, i) => this.node(v, base, draft, `${at}/${i}`));
          break;
        case "dependencies":
          for (const [name, dep] of Object.entries(value as Raw)) {
            if (Array.isArray(dep)) ((mutable["dependentRequired"] ??= {}) as Record<string, unknown>)[name] = [...new Set(dep as string[])].sort();
            else ((mutable["dependentSchemas"] ??= {}) as Record<string, unknown>)[name] = this.node(dep, base, draft, `${at}/${name}`);
          }
          break;
        case "dependentRequired":
          for (const [name, dep] of Object.entries(value as Raw)) {
            ((mutable["dependentRequired"] ??= {}) as Record<string, unknown>)[name] = [...new Set(dep as string[])].sort();
          }
          break;
        case "required":
          mutable["required"] = [...new Set(value as string[])].sort();
          break;
        case "allOf":
          allOf.push(...(value as unknown[]).map((v, i) => this.node(v, base, draft, `${at}/${i}`)));
          break;
        case "anyOf":
        case "oneOf":
          mutable[key] = (value as unknown[]).map((v, i) => this.node(v, base, draft, `${at}/${i}`));
          break;
        case "properties":
        case "patternProperties":
        case "dependentSchemas":
          mutable[key] = Object.fromEntries(Object.entries(value as Raw).map(([name, v]) => [name, this.node(v, base, draft, `${at}/${name}`)]));
          break;
        default:
          if (SCHEMA_VALUED.has(key)) mutable[key] = this.node(value, base, draft, at);
          else if (PASSTHROUGH.has(key)) mutable[key] = value;
          else throw new InputError(`${at}: unknown keyword "${key}"`);
      }
    }
    if (allOf.length > 0) mutable["allOf"] = allOf;
    return out;
  }
}

/** Deep equality of JSON values, as `enum` and `const` compare them (1 and 1.0 are equal). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => sameJson(v, bb[i]));
  }
  const ka = Object.keys(a as Raw);
  const kb = Object.keys(b as Raw);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson((a as Raw)[k], (b as Raw)[k]));
}
