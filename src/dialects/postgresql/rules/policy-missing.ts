import type { RuleDefinition } from "../judge/rule-definition.js";
import { changedPolicyPairs } from "../judge/member-pairs.js";
import { createPolicy } from "../judge/sql-hints.js";

export const policyMissing: RuleDefinition = {
  id: "policy-missing",
  description: "A row security policy exists only in SOURCE.",
  reads: ["tables"],
  defaultSeverity: "risky",
  check: (context) =>
    changedPolicyPairs(context)
      .filter((p) => p.source && !p.target)
      .map(({ source, table, object }) => {
        const narrows = source!.permissive && table.target.rowSecurity;
        return {
          objectKind: "policy",
          object,
          severity: narrows ? "risky" : "info",
          message: `${source!.permissive ? "Permissive" : "Restrictive"} policy ${object} (${source!.command.toUpperCase()} TO ${source!.roles.join(", ")}) does not exist in TARGET.`,
          why: narrows
            ? "Rows this policy allowed in SOURCE are allowed in TARGET only if another permissive policy allows them."
            : !table.target.rowSecurity
              ? "Row security is off in TARGET: policies do not filter writes there."
              : "A restrictive policy only narrows what is allowed: TARGET accepts every row SOURCE accepts.",
          source: createPolicy(table.source, source!),
          hint: createPolicy(table.target, source!),
        } as const;
      }),
};
