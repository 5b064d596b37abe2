import type { Column } from "../model/snapshot.js";
import type { RuleDefinition } from "../judge/rule-definition.js";
import { relationName } from "../judge/object-names.js";
import { columnDefinition } from "../judge/sql-hints.js";
import { quoteIdent } from "../model/identifiers.js";
import { fillsOmitted } from "../model/column-default.js";

/** A column a write must supply: NOT NULL, no default (a NULL default is none), not filled by identity or generation. */
export function isRequired(column: Column): boolean {
  return column.notNull && !fillsOmitted(column);
}

export const columnExtraRequired: RuleDefinition = {
  id: "column-extra-required",
  description: "A column exists only in TARGET and is NOT NULL without a default.",
  reads: ["tables"],
  defaultSeverity: "breaking",
  check: (context) =>
    context.changedColumns().flatMap(({ source, target, table, object }) =>
      target && !source && isRequired(target)
        ? [
            {
              objectKind: "column",
              object,
              message: `Column ${object} exists only in TARGET and is NOT NULL without a default.`,
              why: "Writes from SOURCE do not know this column, so every INSERT stores NULL in it and fails the NOT NULL constraint.",
              target: columnDefinition(target),
              hint: `ALTER TABLE ${relationName(table.target)} ALTER COLUMN ${quoteIdent(target.name)} DROP NOT NULL;`,
            },
          ]
        : [],
    ),
};
