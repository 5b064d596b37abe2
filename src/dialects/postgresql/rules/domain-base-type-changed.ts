import type { RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";
import { classifyTypeChange, sentence } from "../judge/type-change.js";

const SEVERITY = { narrowed: "breaking", changed: "risky", widened: "info" } as const;

export const domainBaseTypeChanged: RuleDefinition = {
  id: "domain-base-type-changed",
  description: "A domain is over a different base type (judged like a column type change).",
  reads: ["domains"],
  defaultSeverity: "breaking",
  check: (context) =>
    context
      .domains()
      .filter(isBoth)
      .flatMap(({ source, target }) => {
        const change = classifyTypeChange(source.baseType, target.baseType);
        if (change.kind === "same") return [];
        const name = relationName(source);
        return [
          {
            objectKind: "domain",
            object: name,
            severity: SEVERITY[change.kind],
            message: `Domain ${name} is over ${target.baseType} in TARGET, ${source.baseType} in SOURCE.`,
            why: sentence(change.reason),
            source: source.baseType,
            target: target.baseType,
            hint: "A domain's base type cannot be altered: recreate the domain (and its columns) with SOURCE's base type.",
          },
        ];
      }),
};
