import type { RuleDefinition } from "../rule-definition.js";
import { relationName } from "../object-names.js";

export const tableExtra: RuleDefinition = {
  id: "table-extra",
  description: "A table exists only in TARGET.",
  reads: ["tables"],
  defaultSeverity: "info",
  check: (context) =>
    context.tables().flatMap(({ source, target }) =>
      target && !source
        ? [
            {
              objectKind: "table",
              object: relationName(target),
              message: `Table ${relationName(target)} exists only in TARGET.`,
              why: "Writes validated in SOURCE never touch it.",
              target: `${target.kind} table with ${target.columns.length} column(s)`,
            },
          ]
        : [],
    ),
};
