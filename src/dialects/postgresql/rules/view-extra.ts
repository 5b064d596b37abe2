import type { RuleDefinition } from "../judge/rule-definition.js";
import { relationName } from "../judge/object-names.js";

export const viewExtra: RuleDefinition = {
  id: "view-extra",
  description: "A view or materialized view exists only in TARGET.",
  reads: ["views"],
  defaultSeverity: "info",
  check: (context) =>
    context.views().flatMap(({ source, target }) =>
      target && !source
        ? [
            {
              objectKind: target.kind === "materialized" ? "materialized view" : "view",
              object: relationName(target),
              message: `${target.kind === "materialized" ? "Materialized view" : "View"} ${relationName(target)} exists only in TARGET.`,
              why: "Writes validated in SOURCE never use it.",
              target: target.definition,
            },
          ]
        : [],
    ),
};
