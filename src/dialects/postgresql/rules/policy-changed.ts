import type { Policy } from "../model/snapshot.js";
import type { RuleDefinition } from "../judge/rule-definition.js";
import { changedPolicyPairs } from "../judge/member-pairs.js";
import { relationName } from "../judge/object-names.js";
import { quoteIdent } from "../model/identifiers.js";
import { createPolicy } from "../judge/sql-hints.js";
import { unifiedDiff } from "../../../diff/text-diff.js";

/** The policy as one readable text, so a change to USING, WITH CHECK or the roles shows as a diff. */
function text(p: Policy): string {
  return [
    `AS ${p.permissive ? "PERMISSIVE" : "RESTRICTIVE"}`,
    `FOR ${p.command.toUpperCase()}`,
    `TO ${p.roles.join(", ")}`,
    `USING (${p.using ?? ""})`,
    `WITH CHECK (${p.withCheck ?? ""})`,
  ].join("\n");
}

export const policyChanged: RuleDefinition = {
  id: "policy-changed",
  description: "A row security policy of the same name differs (USING, WITH CHECK, roles, command, permissive/restrictive).",
  reads: ["tables"],
  defaultSeverity: "risky",
  check: (context) =>
    changedPolicyPairs(context)
      .filter((p) => p.source && p.target && text(p.source) !== text(p.target))
      .map(({ source, target, table, object }) => {
        const enforced = table.target.rowSecurity;
        return {
          objectKind: "policy",
          object,
          severity: enforced ? "risky" : "info",
          message: `Policy ${object} is defined differently in TARGET.`,
          why: enforced
            ? "TARGET filters rows with a different expression or for different roles: rows SOURCE accepts may be rejected, depending on their values."
            : "Row security is off in TARGET: policies do not filter writes there.",
          source: createPolicy(table.source, source!),
          target: createPolicy(table.target, target!),
          diff: unifiedDiff(object, text(source!), text(target!)),
          hint: `DROP POLICY ${quoteIdent(target!.name)} ON ${relationName(table.target)}; ${createPolicy(table.target, source!)}`,
        } as const;
      }),
};
