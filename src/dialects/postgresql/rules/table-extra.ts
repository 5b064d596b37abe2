import type { RuleDefinition } from "../judge/rule-definition.js";
import { relationName } from "../judge/object-names.js";

export const tableExtra: RuleDefinition = {
  id: "table-extra",
  description: "A table exists only in TARGET.",
  reads: ["tables", "views"],
  defaultSeverity: "info",
  check: (context) =>
    context.tables().flatMap(({ source, target }) =>
      target && !source
        ? [
            {
              objectKind: "table",
              object: relationName(target),
              message: `Table ${relationName(target)} exists only in TARGET.`,
              why: context.source.views.some((v) => relationName(v) === relationName(target))
                ? "SOURCE has a view of this name: writes through it reach this table in TARGET (judged by view-missing)."
                : "Writes validated in SOURCE never touch it.",
              target: `${target.kind} table with ${target.columns.length} column(s)`,
            },
          ]
        : [],
    ),
};
