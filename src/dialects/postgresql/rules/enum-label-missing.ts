import type { RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";
import { quoteLiteral } from "../model/identifiers.js";

export const enumLabelMissing: RuleDefinition = {
  id: "enum-label-missing",
  description: "An enum label that exists in SOURCE is missing in TARGET.",
  reads: ["enums"],
  defaultSeverity: "breaking",
  check: (context) =>
    context
      .enums()
      .filter(isBoth)
      .flatMap(({ source, target }) => {
        const name = relationName(source);
        const present = new Set(target.labels);
        return source.labels.flatMap((label, index) => {
          if (present.has(label)) return [];
          // Place it after its SOURCE predecessor when TARGET has that one, so the sort order matches.
          const before = source.labels.slice(0, index).reverse().find((l) => present.has(l));
          const after = source.labels.slice(index + 1).find((l) => present.has(l));
          const position = before !== undefined ? ` AFTER ${quoteLiteral(before)}` : after !== undefined ? ` BEFORE ${quoteLiteral(after)}` : "";
          return [
            {
              objectKind: "enum",
              object: name,
              detail: label,
              message: `Enum ${name} has no label ${quoteLiteral(label)} in TARGET.`,
              why: `Every write of ${quoteLiteral(label)} fails in TARGET with "invalid input value for enum".`,
              source: source.labels.map(quoteLiteral).join(", "),
              target: target.labels.map(quoteLiteral).join(", "),
              hint: `ALTER TYPE ${name} ADD VALUE ${quoteLiteral(label)}${position};`,
            },
          ];
        });
      }),
};
