import type { Constraint } from "../model/snapshot.js";
import type { RuleDefinition } from "../judge/rule-definition.js";
import { changedConstraintPairs } from "../judge/member-pairs.js";
import { relationName } from "../judge/object-names.js";
import { quoteIdent } from "../model/identifiers.js";

const state = (c: Constraint) => `${c.enforced ? "ENFORCED" : "NOT ENFORCED"}, ${c.validated ? "validated" : "NOT VALID"}`;

export const constraintEnforcementChanged: RuleDefinition = {
  id: "constraint-enforcement-changed",
  description: "The same constraint is NOT VALID or NOT ENFORCED on one side only.",
  reads: ["tables"],
  defaultSeverity: "risky",
  check: (context) =>
    changedConstraintPairs(context)
      .filter((p) => p.stage === 0 && (p.source!.enforced !== p.target!.enforced || p.source!.validated !== p.target!.validated))
      .map(({ source, target, table, object }) => {
        const newlyEnforced = target!.enforced && !source!.enforced;
        const alter = `ALTER TABLE ${relationName(table.target)}`;
        return {
          objectKind: "constraint",
          object,
          severity: newlyEnforced ? "risky" : "info",
          message: `Constraint ${object} is ${state(target!)} in TARGET, ${state(source!)} in SOURCE.`,
          why: newlyEnforced
            ? "TARGET enforces a constraint SOURCE does not: rows SOURCE accepts may be rejected."
            : "NOT VALID only skips existing rows; new writes are checked the same on both sides.",
          source: state(source!),
          target: state(target!),
          ...(source!.validated && !target!.validated && target!.enforced
            ? { hint: `${alter} VALIDATE CONSTRAINT ${quoteIdent(target!.name)};` }
            : newlyEnforced
              ? { hint: `${alter} ALTER CONSTRAINT ${quoteIdent(target!.name)} NOT ENFORCED;` }
              : {}),
        } as const;
      }),
};
