import { quoteIdent } from "../model/identifiers.js";
import type { RuleDefinition } from "../judge/rule-definition.js";

export const schemaExtra: RuleDefinition = {
  id: "schema-extra",
  description: "A schema exists only in TARGET.",
  reads: ["schemas"],
  defaultSeverity: "info",
  check: (context) =>
    context.schemas().flatMap(({ source, target }) =>
      target && !source
        ? [
            {
              objectKind: "schema",
              object: quoteIdent(target.name),
              message: `Schema ${quoteIdent(target.name)} exists only in TARGET.`,
              why: "Writes validated in SOURCE never touch it.",
              target: `schema owned by ${target.owner}`,
              hint: `DROP SCHEMA ${quoteIdent(target.name)};`,
            },
          ]
        : [],
    ),
};
