import type { RuleDefinition } from "../judge/rule-definition.js";
import { changedPolicyPairs } from "../judge/member-pairs.js";
import { relationName } from "../judge/object-names.js";
import { quoteIdent } from "../model/identifiers.js";
import { createPolicy } from "../judge/sql-hints.js";

export const policyAdded: RuleDefinition = {
  id: "policy-added",
  description: "A row security policy exists only in TARGET.",
  reads: ["tables"],
  defaultSeverity: "risky",
  check: (context) =>
    changedPolicyPairs(context)
      .filter((p) => p.target && !p.source)
      .map(({ target, table, object }) => {
        const narrows = !target!.permissive && table.target.rowSecurity;
        return {
          objectKind: "policy",
          object,
          severity: narrows ? "risky" : "info",
          message: `${target!.permissive ? "Permissive" : "Restrictive"} policy ${object} (${target!.command.toUpperCase()} TO ${target!.roles.join(", ")}) exists only in TARGET.`,
          why: narrows
            ? "A restrictive policy must pass for every row: TARGET rejects rows that fail it, depending on their values."
            : !table.target.rowSecurity
              ? "Row security is off in TARGET: the policy does not filter writes."
              : "A permissive policy only widens what is allowed: TARGET accepts every row SOURCE accepts.",
          target: createPolicy(table.target, target!),
          hint: `DROP POLICY ${quoteIdent(target!.name)} ON ${relationName(table.target)};`,
        } as const;
      }),
};
