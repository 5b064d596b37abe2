import { quoteIdent } from "../model/identifiers.js";
import type { RuleDefinition } from "../judge/rule-definition.js";
import { roleOptions } from "../judge/sql-hints.js";

export const roleExtra: RuleDefinition = {
  id: "role-extra",
  description: "A role exists only in TARGET.",
  reads: ["roles"],
  defaultSeverity: "info",
  check: (context) =>
    context.roles().flatMap(({ source, target }) =>
      target && !source
        ? [
            {
              objectKind: "role",
              object: quoteIdent(target.name),
              message: `Role ${quoteIdent(target.name)} exists only in TARGET.`,
              why: "Writes validated in SOURCE do not run as it.",
              target: roleOptions(target),
            },
          ]
        : [],
    ),
};
