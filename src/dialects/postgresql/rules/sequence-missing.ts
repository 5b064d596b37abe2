import type { Sequence, SnapshotContent } from "../model/snapshot.js";
import type { RuleDefinition } from "../judge/rule-definition.js";
import { memberName, relationName } from "../judge/object-names.js";
import { isIdentitySequence } from "../judge/identity-sequence.js";
import { quoteIdent } from "../model/identifiers.js";

/** The sequences a default calls nextval() on, as the regclass literal pg_get_expr prints. */
function nextvalTargets(expression: string): string[] {
  return [...expression.matchAll(/nextval\('((?:[^']|'')+)'::regclass\)/g)].map((m) => m[1]!.replaceAll("''", "'"));
}

/** Whether a default draws from this sequence (printed qualified, or bare when its schema is on the search_path). */
function drawsFrom(expression: string | null, sequence: Sequence): boolean {
  if (expression === null) return false;
  return nextvalTargets(expression).some((t) => t === relationName(sequence) || t === quoteIdent(sequence.name));
}

/** What the owning column does in TARGET, when it exists there and fills itself from elsewhere. */
function targetFill(sequence: Sequence, target: SnapshotContent): string | null {
  if (!sequence.ownedBy) return null;
  for (const table of target.tables) {
    for (const column of table.columns) {
      if (memberName(table, column.name) !== sequence.ownedBy) continue;
      if (column.identity) return `is an identity column (GENERATED ${column.identity.toUpperCase()}) with its own sequence`;
      if (column.default !== null && nextvalTargets(column.default).length > 0 && !drawsFrom(column.default, sequence)) {
        return `draws from another sequence (DEFAULT ${column.default})`;
      }
      return null;
    }
  }
  return null;
}

export const sequenceMissing: RuleDefinition = {
  id: "sequence-missing",
  description: "A sequence that exists in SOURCE is missing in TARGET.",
  reads: ["sequences", "tables"],
  defaultSeverity: "breaking",
  check: (context) => {
    // The table a serial sequence belongs to: its finding folds into that table's when the table is missing too.
    const owners = new Map<string, string>();
    for (const table of context.source.tables) for (const column of table.columns) owners.set(memberName(table, column.name), relationName(table));
    return context.sequences().flatMap(({ source, target }) => {
      if (!source || target || isIdentitySequence(source, context.source)) return [];
      const fill = targetFill(source, context.target);
      const owner = source.ownedBy ? owners.get(source.ownedBy) : undefined;
      return [
        {
          objectKind: "sequence",
          object: relationName(source),
          message: `Sequence ${relationName(source)} does not exist in TARGET.`,
          why: fill
            ? `In TARGET ${source.ownedBy} ${fill}, so writes that omit it still get a value; writes that call nextval() on this sequence fail.`
            : source.ownedBy
              ? `Writes that draw from it (the default of ${source.ownedBy}) fail or get no generated value in TARGET.`
              : "Every nextval() on it fails in TARGET.",
          source: `${source.type} from ${source.min} to ${source.max}`,
          hint: `CREATE SEQUENCE ${relationName(source)} AS ${source.type} INCREMENT BY ${source.increment} MINVALUE ${source.min} MAXVALUE ${source.max} START WITH ${source.start}${source.cycle ? " CYCLE" : ""};`,
          within: { schema: source.schema, ...(owner ? { table: owner } : {}) },
        },
      ];
    });
  },
};
