import type { RuleDefinition } from "../judge/rule-definition.js";
import { changedConstraintPairs } from "../judge/member-pairs.js";
import { relationName } from "../judge/object-names.js";
import { quoteIdent } from "../model/identifiers.js";

export const constraintRenamed: RuleDefinition = {
  id: "constraint-renamed",
  description: "The same constraint has a different name in TARGET.",
  reads: ["tables"],
  defaultSeverity: "info",
  check: (context) =>
    changedConstraintPairs(context)
      .filter((p) => p.stage === 0 && p.source!.name !== p.target!.name)
      .map(({ source, target, table, object }) => ({
        objectKind: "constraint",
        object,
        message: `Constraint ${object} is named ${quoteIdent(target!.name)} in TARGET.`,
        why: "Both enforce the same definition; only error messages and code that names the constraint differ.",
        source: source!.name,
        target: target!.name,
        hint: `ALTER TABLE ${relationName(table.target)} RENAME CONSTRAINT ${quoteIdent(target!.name)} TO ${quoteIdent(source!.name)};`,
      })),
};
