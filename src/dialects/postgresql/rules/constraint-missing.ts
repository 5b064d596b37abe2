import type { RuleDefinition } from "../judge/rule-definition.js";
import { changedConstraintPairs } from "../judge/member-pairs.js";
import { addConstraint } from "../judge/sql-hints.js";
import { label } from "./constraint-added.js";

const UNIQUENESS = new Set(["unique", "primary key", "exclusion"]);

export const constraintMissing: RuleDefinition = {
  id: "constraint-missing",
  description: "A constraint exists only in SOURCE.",
  reads: ["tables"],
  defaultSeverity: "risky",
  check: (context) =>
    changedConstraintPairs(context)
      .filter((p) => p.source && !p.target)
      .map(({ source, table, object }) => {
        const uniqueness = UNIQUENESS.has(source!.type);
        const fk = source!.foreignKey;
        // ON DELETE/UPDATE CASCADE, SET NULL or SET DEFAULT are writes of their own that TARGET will not do.
        const acts = fk !== null && [fk.onDelete, fk.onUpdate].some((a) => a !== "no action" && a !== "restrict");
        return {
          objectKind: "constraint",
          object,
          severity: (uniqueness || acts) && source!.enforced ? "risky" : "info",
          message: `${label(source!.type)} constraint ${object} does not exist in TARGET: ${source!.definition}.`,
          why: uniqueness
            ? "INSERT ... ON CONFLICT naming these columns fails in TARGET (no matching unique constraint), and duplicates are no longer rejected."
            : acts
              ? `TARGET does not ${fk!.onDelete !== "no action" && fk!.onDelete !== "restrict" ? `${fk!.onDelete} on delete` : `${fk!.onUpdate} on update`}: deletes and updates SOURCE propagates leave rows behind in TARGET.`
              : "TARGET accepts every row SOURCE accepts; it no longer rejects rows this constraint would.",
          source: source!.definition,
          hint: addConstraint(table.target, source!),
        } as const;
      }),
};
