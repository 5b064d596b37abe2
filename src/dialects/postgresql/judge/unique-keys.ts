import { quoteIdent } from "../model/identifiers.js";
import type { Constraint, Index, Table, View } from "../model/snapshot.js";

/**
 * The unique keys of a table (UNIQUE and PRIMARY KEY constraints, unique indexes), reduced to what
 * decides which rows they reject: the key items, NULL handling, a predicate and deferral. A key whose
 * items include all of another's rejects only rows the smaller one rejects too: a "looser" key.
 */
export interface UniqueKey {
  readonly kind: "constraint" | "index";
  readonly name: string;
  /** Key columns or expressions as PostgreSQL prints them (`a`, `"order"`, `lower((email)::text)`). */
  readonly items: readonly string[];
  readonly nullsNotDistinct: boolean;
  /** A partial index rejects duplicates only among the rows its predicate selects. */
  readonly partial: boolean;
  /** A deferrable key rejects only at commit (when deferred), so it implies nothing about single statements. */
  readonly deferrable: boolean;
}

export function constraintKey(c: Constraint): UniqueKey | null {
  if ((c.type !== "unique" && c.type !== "primary key") || !c.enforced) return null;
  return {
    kind: "constraint",
    name: c.name,
    items: c.columns.map(quoteIdent),
    nullsNotDistinct: /\bNULLS NOT DISTINCT\b/.test(c.definition),
    partial: false,
    deferrable: c.deferrable,
  };
}

export function indexKey(i: Index): UniqueKey | null {
  if (!i.unique || !i.valid) return null;
  const items = indexItems(i.definition);
  if (items === null) return null;
  return { kind: "index", name: i.name, items, nullsNotDistinct: i.nullsNotDistinct, partial: i.predicate !== null, deferrable: false };
}

/** Every unique key of a table or view: constraints, and the unique indexes that implement none. */
export function uniqueKeys(relation: Table | View): UniqueKey[] {
  const fromConstraints = "constraints" in relation ? relation.constraints.map(constraintKey) : [];
  const fromIndexes = relation.indexes.filter((i) => i.constraint === null).map(indexKey);
  return [...fromConstraints, ...fromIndexes].filter((k): k is UniqueKey => k !== null);
}

/**
 * A key among `keys` that rejects every duplicate `key` rejects, or undefined: its items are a subset of
 * `key`'s, it applies to every row and at once, and it treats NULLs at least as strictly. Then `key`
 * rejects no row that such a key lets through.
 */
export function implyingKey(key: UniqueKey, keys: readonly UniqueKey[]): UniqueKey | undefined {
  const items = new Set(key.items);
  return keys.find(
    (k) =>
      !k.partial &&
      !k.deferrable &&
      k.items.length > 0 &&
      k.items.every((item) => items.has(item)) &&
      (!key.nullsNotDistinct || k.nullsNotDistinct),
  );
}

/** Whether some key among `keys` has exactly these items: what INSERT ... ON CONFLICT (items) needs to find. */
export function hasKeyOn(items: readonly string[], keys: readonly UniqueKey[]): boolean {
  const wanted = [...items].sort().join("\u0000");
  return keys.some((k) => !k.partial && [...k.items].sort().join("\u0000") === wanted);
}

export function itemList(key: UniqueKey): string {
  return `(${key.items.join(", ")})`;
}

/** The key items of `CREATE UNIQUE INDEX ... USING method (a, b) ...`: the first parenthesised list, split at top-level commas. */
function indexItems(definition: string): string[] | null {
  const start = definition.search(/ USING \S+ \(/);
  if (start < 0) return null;
  const open = definition.indexOf("(", start);
  const items: string[] = [];
  let depth = 0;
  let current = "";
  let quote: string | null = null;
  for (let i = open; i < definition.length; i++) {
    const ch = definition[i]!;
    if (quote) {
      current += ch;
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
      continue;
    }
    if (ch === "(") {
      depth++;
      if (depth === 1) continue;
    } else if (ch === ")") {
      depth--;
      if (depth === 0) {
        items.push(current.trim());
        return items;
      }
    } else if (ch === "," && depth === 1) {
      items.push(current.trim());
      current = "";
      continue;
    }
    current += ch;
  }
  return null;
}
