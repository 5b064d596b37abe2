import { quoteIdent } from "../model/identifiers.js";
import type { SnapshotContent } from "../model/snapshot.js";
import type { RuleDefinition } from "../judge/rule-definition.js";

/** Whether SOURCE has anything in the schema a write could reach: relations, sequences, routines, types, extensions, unmodelled objects. */
function holdsSomething(content: SnapshotContent, schema: string): boolean {
  const inSchema = (e: { readonly schema: string | null }) => e.schema === schema;
  const prefix = `${quoteIdent(schema)}.`;
  return (
    [content.tables, content.views, content.sequences, content.routines, content.enums, content.domains, content.compositeTypes, content.extensions].some((list) =>
      (list as readonly { readonly schema: string }[]).some(inSchema),
    ) || content.unmodelled.some((u) => u.name.startsWith(prefix))
  );
}

/** The schema as one pg_dump --schema pattern in one shell word: double-quoted when PostgreSQL would quote it (case, symbols). */
function dumpPattern(name: string): string {
  const pattern = quoteIdent(name);
  return /^[A-Za-z0-9_]+$/.test(pattern) ? pattern : `'${pattern.replaceAll("'", "'\\''")}'`;
}

export const schemaMissing: RuleDefinition = {
  id: "schema-missing",
  description: "A schema that exists in SOURCE is missing in TARGET; the tables, views, sequences, types and routines missing with it are listed in this one finding, not reported one by one.",
  reads: ["schemas", "tables", "views", "sequences", "routines", "enums", "domains", "compositeTypes", "extensions", "unmodelled"],
  defaultSeverity: "breaking",
  check: (context) =>
    context.schemas().flatMap(({ source, target }) => {
      if (!source || target) return [];
      const empty = !holdsSomething(context.source, source.name);
      return [
        {
          objectKind: "schema",
          object: quoteIdent(source.name),
          severity: empty ? "info" : "breaking",
          message: empty
            ? `Schema ${quoteIdent(source.name)} does not exist in TARGET; it holds nothing in SOURCE.`
            : `Schema ${quoteIdent(source.name)} does not exist in TARGET.`,
          why: empty
            ? "SOURCE's schema is empty: no table, view, sequence, routine or type a write could reach lives in it, so no write that succeeds in SOURCE fails for its absence."
            : "Every write to an object in this schema fails: the schema and everything in it are missing.",
          source: empty ? `empty schema owned by ${source.owner}` : `schema owned by ${source.owner}`,
          // What it holds gets no findings (and no CREATE hints) of its own: say where its definitions come from.
          hint: empty
            ? `CREATE SCHEMA ${quoteIdent(source.name)} AUTHORIZATION ${quoteIdent(source.owner)};`
            : `CREATE SCHEMA ${quoteIdent(source.name)} AUTHORIZATION ${quoteIdent(source.owner)};\n-- with everything in it, as SOURCE defines it: pg_dump --schema-only --schema=${dumpPattern(source.name)} against SOURCE prints both`,
          // Everything missing with it folds into this one finding (src/diff/fold-members.ts).
          holds: { schema: source.name },
        } as const,
      ];
    }),
};
