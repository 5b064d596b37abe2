import type { RuleDefinition } from "../judge/rule-definition.js";
import { relationName } from "../judge/object-names.js";
import { isIdentitySequence } from "../judge/identity-sequence.js";

export const sequenceExtra: RuleDefinition = {
  id: "sequence-extra",
  description: "A sequence exists only in TARGET.",
  reads: ["sequences"],
  defaultSeverity: "info",
  check: (context) =>
    context.sequences().flatMap(({ source, target }) =>
      target && !source && !isIdentitySequence(target, context.target)
        ? [
            {
              objectKind: "sequence",
              object: relationName(target),
              message: `Sequence ${relationName(target)} exists only in TARGET.`,
              why: "Writes validated in SOURCE never draw from it.",
              target: `${target.type} from ${target.min} to ${target.max}`,
            },
          ]
        : [],
    ),
};
