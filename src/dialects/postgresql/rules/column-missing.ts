import type { RuleDefinition } from "../judge/rule-definition.js";
import { relationName } from "../judge/object-names.js";
import { columnDefinition } from "../judge/sql-hints.js";

export const columnMissing: RuleDefinition = {
  id: "column-missing",
  description: "A column that exists in SOURCE is missing in TARGET.",
  reads: ["tables"],
  defaultSeverity: "breaking",
  check: (context) =>
    context.changedColumns().flatMap(({ source, target, table, object }) =>
      source && !target
        ? [
            {
              objectKind: "column",
              object,
              message: `Column ${object} does not exist in TARGET.`,
              why: "Every write that names this column fails with \"column does not exist\".",
              source: columnDefinition(source),
              hint: `ALTER TABLE ${relationName(table.target)} ADD COLUMN ${columnDefinition(source)};`,
            },
          ]
        : [],
    ),
};
