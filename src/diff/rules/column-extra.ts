import type { RuleDefinition } from "../rule-definition.js";
import { columnDefinition } from "../sql-hints.js";
import { isRequired } from "./column-extra-required.js";

export const columnExtra: RuleDefinition = {
  id: "column-extra",
  description: "A column exists only in TARGET and writes may omit it (nullable, or with a default).",
  reads: ["tables"],
  defaultSeverity: "info",
  check: (context) =>
    context.changedColumns().flatMap(({ source, target, object }) =>
      target && !source && !isRequired(target)
        ? [
            {
              objectKind: "column",
              object,
              message: `Column ${object} exists only in TARGET.`,
              why: target.notNull
                ? "Writes from SOURCE omit it and get its default."
                : "Writes from SOURCE omit it and store NULL there.",
              target: columnDefinition(target),
            },
          ]
        : [],
    ),
};
