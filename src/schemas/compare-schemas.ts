import { createRequire } from "node:module";
import { compileSchema } from "./ajv-factory.js";
import { SchemaNormalizer } from "./normalize-schema.js";
import type { SchemaCatalog, SchemaEntry } from "./schema-catalog.js";
import { isCyclic, JSON_SCHEMA_DIFF_KEYWORDS, keywordsUsed, toDraft07, type SchemaNode } from "./schema-node.js";
import { SubsetChecker, type SubsetReason } from "./schema-subset.js";

interface JsonSchemaDiffResult {
  readonly additionsFound: boolean;
  readonly addedJsonSchema: unknown;
  readonly removalsFound: boolean;
  readonly removedJsonSchema: unknown;
}
const require = createRequire(import.meta.url);
const jsonSchemaDiff = require("json-schema-diff") as {
  diffSchemas(options: { sourceSchema: unknown; destinationSchema: unknown }): Promise<JsonSchemaDiffResult>;
};

/** What json-schema-diff computed: the removed and added value sets, as JSON Schemas. */
export interface ValueSets {
  /** Values OLD accepted that NEW rejects (`false` = none). */
  readonly removed: unknown;
  /** Values NEW accepts that OLD rejected (`false` = none). */
  readonly added: unknown;
  /**
   * true when both schemas use only keywords json-schema-diff computes with; otherwise the sets were computed
   * with `ignoredKeywords` left out and are approximations (the findings are still exact or flagged).
   */
  readonly exact: boolean;
  readonly ignoredKeywords: readonly string[];
}

export interface CompatReport {
  /** breaking: NEW rejects some document OLD accepted (or driftgate could not prove it does not). */
  readonly verdict: "compatible" | "breaking";
  /** The schemas differ only in annotations (title, description, $comment, x-*), key order or ref layout. */
  readonly cosmetic: boolean;
  readonly identical: boolean;
  readonly removed: readonly SubsetReason[];
  readonly added: readonly SubsetReason[];
  /** null when json-schema-diff could not run (recursive schemas); `valueSetsNote` says why. */
  readonly valueSets: ValueSets | null;
  readonly valueSetsNote: string | null;
}

/**
 * Is NEW a safe successor of OLD? Every document OLD accepted must still be accepted by NEW. The verdict is
 * driftgate's own proof over the normalised schemas (refs resolved, drafts mapped), which judges every
 * keyword, so a narrowed enum, pattern or format is never "compatible" by omission. json-schema-diff adds
 * the removed/added value sets and, when it sees every keyword in use, its exact set arithmetic settles
 * what the proof left open.
 */
export async function compareSchemas(oldEntry: SchemaEntry, newEntry: SchemaEntry, catalog: SchemaCatalog): Promise<CompatReport> {
  // Both must be schemas ajv accepts: the same rules `validate` applies, so compat never judges a schema validate would refuse.
  compileSchema(catalog, oldEntry);
  compileSchema(catalog, newEntry);
  const oldNode = new SchemaNormalizer([oldEntry], catalog).normalize(oldEntry);
  const newNode = new SchemaNormalizer([newEntry], catalog).normalize(newEntry);
  let removed = new SubsetChecker().check(oldNode, newNode);
  let added = new SubsetChecker().check(newNode, oldNode);

  let valueSets: ValueSets | null = null;
  let valueSetsNote: string | null = null;
  if (isCyclic(oldNode) || isCyclic(newNode)) {
    valueSetsNote = "json-schema-diff cannot compute value sets for recursive schemas; the findings above are driftgate's own";
  } else {
    const used = new Set([...keywordsUsed(oldNode), ...keywordsUsed(newNode)]);
    // After prefixItems, "items" means "the remaining items", which json-schema-diff cannot express either.
    if (used.has("prefixItems")) used.delete("items");
    const ignored = [...used].filter((k) => !JSON_SCHEMA_DIFF_KEYWORDS.has(k)).sort();
    if (used.has("prefixItems") && !ignored.includes("items")) ignored.push("items");
    const omit = new Set(ignored);
    try {
      const diff = await jsonSchemaDiff.diffSchemas({ sourceSchema: toDraft07(oldNode, omit), destinationSchema: toDraft07(newNode, omit) });
      const exact = ignored.length === 0;
      valueSets = { removed: diff.removedJsonSchema, added: diff.addedJsonSchema, exact, ignoredKeywords: ignored };
      if (exact) {
        // json-schema-diff is exact here: it settles what driftgate's proof could not decide, and if it
        // finds a removal the proof missed, that removal is reported rather than trusted away.
        if (!diff.removalsFound) removed = removed.filter((r) => r.certain);
        else if (removed.length === 0) removed = [setReason(diff.removedJsonSchema)];
        if (!diff.additionsFound) added = added.filter((r) => r.certain);
        else if (added.length === 0) added = [setReason(diff.addedJsonSchema)];
      } else {
        valueSetsNote = `computed without ${ignored.join(", ")}, which json-schema-diff does not support; driftgate judged those keywords itself`;
      }
    } catch (error) {
      valueSetsNote = `json-schema-diff failed: ${(error as Error).message.split("\n")[0]}`;
    }
  }
  // Both lists read OLD -> NEW, whichever direction the proof ran in.
  added = added.map((r) => ({ ...r, left: r.right, right: r.left }));
  const identical = JSON.stringify(oldEntry.schema) === JSON.stringify(newEntry.schema);
  return {
    verdict: removed.length === 0 ? "compatible" : "breaking",
    cosmetic: !identical && removed.length === 0 && added.length === 0,
    identical,
    removed,
    added,
    valueSets,
    valueSetsNote,
  };
}

function setReason(schema: unknown): SubsetReason {
  return { path: "", keyword: "json-schema-diff", values: `values matching ${JSON.stringify(schema)}`, certain: true };
}

export type { SchemaNode };
