import type { RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";
import { quoteLiteral } from "../model/identifiers.js";

export const enumLabelOrderChanged: RuleDefinition = {
  id: "enum-label-order-changed",
  description: "Enum labels present on both sides sort in a different order.",
  reads: ["enums"],
  defaultSeverity: "risky",
  check: (context) =>
    context
      .changed(context.enums())
      .filter(isBoth)
      .flatMap(({ source, target }) => {
        const shared = new Set(source.labels.filter((l) => target.labels.includes(l)));
        const s = source.labels.filter((l) => shared.has(l));
        const t = target.labels.filter((l) => shared.has(l));
        if (s.join("\u0000") === t.join("\u0000")) return [];
        const name = relationName(source);
        return [
          {
            objectKind: "enum",
            object: name,
            message: `Enum ${name} orders its labels differently in TARGET.`,
            why: "Writes store the same labels, but CHECKs, indexes and queries that compare enum values (<, >, ORDER BY) behave differently.",
            source: s.map(quoteLiteral).join(", "),
            target: t.map(quoteLiteral).join(", "),
            hint: "Enum labels cannot be reordered in place: recreate the type with SOURCE's order.",
          },
        ];
      }),
};
