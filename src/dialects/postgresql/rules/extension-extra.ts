import type { RuleDefinition } from "../judge/rule-definition.js";
import { quoteIdent } from "../model/identifiers.js";

export const extensionExtra: RuleDefinition = {
  id: "extension-extra",
  description: "An extension is installed only in TARGET.",
  reads: ["extensions"],
  defaultSeverity: "info",
  check: (context) =>
    context.extensions().flatMap(({ source, target }) =>
      target && !source
        ? [
            {
              objectKind: "extension",
              object: quoteIdent(target.name),
              message: `Extension ${quoteIdent(target.name)} is installed only in TARGET.`,
              why: "Writes validated in SOURCE do not use it.",
              target: `${target.version} in schema ${quoteIdent(target.schema)}`,
            },
          ]
        : [],
    ),
};
