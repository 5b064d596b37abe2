import type { RuleDefinition } from "../rule-definition.js";
import { relationName } from "../object-names.js";
import { isIdentitySequence } from "../identity-sequence.js";

export const sequenceMissing: RuleDefinition = {
  id: "sequence-missing",
  description: "A sequence that exists in SOURCE is missing in TARGET.",
  reads: ["sequences"],
  defaultSeverity: "breaking",
  check: (context) =>
    context.sequences().flatMap(({ source, target }) =>
      source && !target && !isIdentitySequence(source, context.source)
        ? [
            {
              objectKind: "sequence",
              object: relationName(source),
              message: `Sequence ${relationName(source)} does not exist in TARGET.`,
              why: source.ownedBy
                ? `Writes that draw from it (the default of ${source.ownedBy}) fail or get no generated value in TARGET.`
                : "Every nextval() on it fails in TARGET.",
              source: `${source.type} from ${source.min} to ${source.max}`,
              hint: `CREATE SEQUENCE ${relationName(source)} AS ${source.type} INCREMENT BY ${source.increment} MINVALUE ${source.min} MAXVALUE ${source.max} START WITH ${source.start}${source.cycle ? " CYCLE" : ""};`,
            },
          ]
        : [],
    ),
};
