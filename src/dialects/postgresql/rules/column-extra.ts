import type { RuleDefinition } from "../judge/rule-definition.js";
import { columnDefinition } from "../judge/sql-hints.js";
import { isRequired } from "./column-extra-required.js";

export const columnExtra: RuleDefinition = {
  id: "column-extra",
  description: "A column exists only in TARGET and writes may omit it (nullable, or with a default).",
  reads: ["tables"],
  defaultSeverity: "risky",
  check: (context) =>
    context.changedColumns().flatMap(({ source, target, object }) =>
      target && !source && !isRequired(target)
        ? [
            {
              objectKind: "column",
              object,
              // A stored generated column is computed from the row on every INSERT and UPDATE: where its
              // expression fails for some values (numeric overflow, division by zero, a cast), TARGET
              // rejects writes SOURCE accepts. Whether it can fail is not known from the catalog.
              severity: target.generated === "stored" ? "risky" : "info",
              message: `Column ${object} exists only in TARGET.`,
              why:
                target.generated === "stored"
                  ? `TARGET computes it on every write (GENERATED ALWAYS AS (${target.generatedExpression ?? "?"})): writes whose values make that expression fail (overflow, division by zero, a failing cast) succeed in SOURCE and fail in TARGET.`
                  : target.notNull
                    ? "Writes from SOURCE omit it and get its default."
                    : "Writes from SOURCE omit it and store NULL there.",
              target: columnDefinition(target),
            },
          ]
        : [],
    ),
};
