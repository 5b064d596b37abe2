import type { SchemaEntry } from "./schema-catalog.js";

/**
 * A `$ref` chain that comes back to where it started without stepping into the document
 * (`a -> b -> a`, `# -> allOf/0 -> #`) describes no document at all: ajv recurses on it until the stack
 * runs out ("Maximum call stack size exceeded"). Recursion through `properties`, `items` and the like is
 * fine (each step goes one level deeper into the data), so only in-place steps are followed: `$ref` and
 * the applicators that apply to the same value (allOf, anyOf, oneOf, not, if/then/else).
 *
 * Returns the cycle as `file#pointer` steps, first step repeated at the end, or null.
 */
export function findRefCycle(entry: SchemaEntry, others: readonly SchemaEntry[]): string[] | null {
  const byId = new Map<string, SchemaEntry>([...others, entry].map((e) => [stripFragment(e.id), e]));
  const key = (owner: SchemaEntry, pointer: string) => `${owner.file ?? owner.id}#${pointer}`;
  const done = new Set<string>();

  const visit = (owner: SchemaEntry, pointer: string, path: string[]): string[] | null => {
    const here = key(owner, pointer);
    const seen = path.indexOf(here);
    if (seen !== -1) return [...path.slice(seen), here];
    if (done.has(here)) return null;
    const node = resolvePointer(owner.schema, pointer);
    if (node === undefined || typeof node !== "object" || node === null || Array.isArray(node)) {
      done.add(here);
      return null;
    }
    const next = [...path, here];
    for (const [target, targetPointer] of inPlaceSteps(node as Record<string, unknown>, pointer, owner, byId)) {
      const cycle = visit(target, targetPointer, next);
      if (cycle) return cycle;
    }
    done.add(here);
    return null;
  };

  // Every subschema can start a cycle, not only the root: walk the whole document once.
  for (const pointer of subschemaPointers(entry.schema, "")) {
    const cycle = visit(entry, pointer, []);
    if (cycle) return cycle;
  }
  return null;
}

const IN_PLACE_LISTS = ["allOf", "anyOf", "oneOf"] as const;
const IN_PLACE_SINGLE = ["not", "if", "then", "else"] as const;

function* inPlaceSteps(
  node: Record<string, unknown>,
  pointer: string,
  owner: SchemaEntry,
  byId: Map<string, SchemaEntry>,
): Generator<[SchemaEntry, string]> {
  if (typeof node.$ref === "string") {
    const target = resolveRef(node.$ref, owner, byId);
    if (target) yield target;
  }
  for (const list of IN_PLACE_LISTS) {
    const items = node[list];
    if (Array.isArray(items)) for (let i = 0; i < items.length; i += 1) yield [owner, `${pointer}/${list}/${i}`];
  }
  for (const single of IN_PLACE_SINGLE) if (node[single] !== undefined) yield [owner, `${pointer}/${single}`];
}

/** Only what can be resolved without guessing: `#/json/pointer` here, or another catalog schema's $id. */
function resolveRef(ref: string, owner: SchemaEntry, byId: Map<string, SchemaEntry>): [SchemaEntry, string] | null {
  const hash = ref.indexOf("#");
  const base = hash === -1 ? ref : ref.slice(0, hash);
  const fragment = hash === -1 ? "" : ref.slice(hash + 1);
  if (fragment !== "" && !fragment.startsWith("/")) return null; // an $anchor name
  const target = base === "" ? owner : byId.get(base);
  if (!target) return null;
  return [target, fragment];
}

function resolvePointer(schema: unknown, pointer: string): unknown {
  if (pointer === "") return schema;
  let node = schema;
  for (const raw of pointer.slice(1).split("/")) {
    const part = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Pointers of every object inside the schema (subschemas and a few non-schemas: harmless starts). */
function subschemaPointers(value: unknown, pointer: string, out: string[] = []): string[] {
  if (value === null || typeof value !== "object") return out;
  if (!Array.isArray(value)) out.push(pointer);
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === "enum" || k === "const" || k === "examples" || k === "default") continue;
    subschemaPointers(v, `${pointer}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`, out);
  }
  return out;
}

function stripFragment(id: string): string {
  const hash = id.indexOf("#");
  return hash === -1 ? id : id.slice(0, hash);
}

/** The cycle as one readable line: `a.json#/definitions/a -> #/definitions/b -> #/definitions/a`. */
export function describeRefCycle(cycle: readonly string[]): string {
  let owner = "";
  return cycle
    .map((step) => {
      const hash = step.lastIndexOf("#");
      const file = step.slice(0, hash);
      const pointer = step.slice(hash) === "#" ? "#" : step.slice(hash);
      const shown = file === owner ? pointer : `${file.split("/").at(-1)}${pointer}`;
      owner = file;
      return shown;
    })
    .join(" -> ");
}
