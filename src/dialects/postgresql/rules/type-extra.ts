import type { RuleDefinition, FindingDraft } from "../judge/rule-definition.js";
import { relationName } from "../judge/object-names.js";
import type { Pair } from "../../../diff/match-by-key.js";

function extra<T extends { schema: string; name: string }>(pairs: readonly Pair<T>[], kind: string): FindingDraft[] {
  return pairs.flatMap(({ source, target }) =>
    target && !source
      ? [
          {
            objectKind: kind,
            object: relationName(target),
            message: `Type ${relationName(target)} (${kind}) exists only in TARGET.`,
            why: "Writes validated in SOURCE never use it.",
            target: kind,
          },
        ]
      : [],
  );
}

export const typeExtra: RuleDefinition = {
  id: "type-extra",
  description: "An enum, domain or composite type exists only in TARGET.",
  reads: ["enums", "domains", "compositeTypes"],
  defaultSeverity: "info",
  check: (context) => [...extra(context.enums(), "enum"), ...extra(context.domains(), "domain"), ...extra(context.compositeTypes(), "composite type")],
};
