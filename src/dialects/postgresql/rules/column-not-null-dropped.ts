import type { RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";
import { quoteIdent } from "../model/identifiers.js";

export const columnNotNullDropped: RuleDefinition = {
  id: "column-not-null-dropped",
  description: "A column is NOT NULL in SOURCE only.",
  reads: ["tables"],
  defaultSeverity: "info",
  check: (context) =>
    context
      .changedColumns()
      .filter(isBoth)
      .filter(({ source, target }) => source.notNull && !target.notNull)
      .map(({ target, table, object }) => ({
        objectKind: "column",
        object,
        message: `Column ${object} is nullable in TARGET but NOT NULL in SOURCE.`,
        why: "TARGET accepts every write SOURCE accepts, and NULLs besides.",
        source: "NOT NULL",
        target: "NULL allowed",
        hint: `ALTER TABLE ${relationName(table.target)} ALTER COLUMN ${quoteIdent(target.name)} SET NOT NULL;`,
      })),
};
