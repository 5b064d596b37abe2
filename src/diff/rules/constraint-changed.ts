import type { RuleDefinition } from "../rule-definition.js";
import { changedConstraintPairs } from "../member-pairs.js";
import { relationName } from "../object-names.js";
import { quoteIdent } from "../../model/identifiers.js";
import { unifiedDiff } from "../text-diff.js";
import { label } from "./constraint-added.js";

export const constraintChanged: RuleDefinition = {
  id: "constraint-changed",
  description: "A constraint of the same name enforces something different in TARGET (CHECK expression, FK actions, deferrability, columns).",
  reads: ["tables"],
  defaultSeverity: "risky",
  check: (context) =>
    changedConstraintPairs(context)
      .filter((p) => p.stage === 1)
      .map(({ source, target, table, object }) => ({
        objectKind: "constraint",
        object,
        severity: target!.enforced ? "risky" : "info",
        message: `${label(target!.type)} constraint ${object} differs: TARGET enforces ${target!.definition}, SOURCE ${source!.definition}.`,
        why: target!.enforced
          ? "Rows SOURCE accepts may be rejected by TARGET's definition, depending on their values (or on transaction timing, for deferrability)."
          : "TARGET's constraint is NOT ENFORCED: it rejects nothing.",
        source: source!.definition,
        target: target!.definition,
        diff: unifiedDiff(object, source!.definition, target!.definition),
        hint: `ALTER TABLE ${relationName(table.target)} DROP CONSTRAINT ${quoteIdent(target!.name)}, ADD CONSTRAINT ${quoteIdent(source!.name)} ${source!.definition};`,
      }) as const),
};
