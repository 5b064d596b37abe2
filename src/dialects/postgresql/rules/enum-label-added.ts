import type { RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";
import { quoteLiteral } from "../model/identifiers.js";

export const enumLabelAdded: RuleDefinition = {
  id: "enum-label-added",
  description: "An enum label exists only in TARGET.",
  reads: ["enums"],
  defaultSeverity: "info",
  check: (context) =>
    context
      .enums()
      .filter(isBoth)
      .flatMap(({ source, target }) => {
        const name = relationName(source);
        const present = new Set(source.labels);
        return target.labels
          .filter((l) => !present.has(l))
          .map((label) => ({
            objectKind: "enum",
            object: name,
            detail: label,
            message: `Enum ${name} has label ${quoteLiteral(label)} only in TARGET.`,
            why: "TARGET accepts every label SOURCE accepts, and this one besides.",
            source: source.labels.map(quoteLiteral).join(", "),
            target: target.labels.map(quoteLiteral).join(", "),
          }));
      }),
};
