import type { RuleDefinition, FindingDraft } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { granteeName, relationName } from "../judge/object-names.js";
import { createPolicy } from "../judge/sql-hints.js";
import { exemptFromRowSecurity, permissivePolicies, writers } from "../judge/row-security.js";
import { sameValue } from "../../../diff/same-value.js";

export const rowSecurityBlocksWrites: RuleDefinition = {
  id: "row-security-blocks-writes",
  description: "Row security in TARGET has no permissive policy for a role that writes in SOURCE.",
  reads: ["tables", "roles"],
  defaultSeverity: "breaking",
  check: (context) => {
    const { source: sp, target: tp } = context.privileges;
    // Roles decide who writes and which policies apply to whom: only when they are equal on both sides
    // does an equal table let the same roles write through the same policies, so nothing is blocked.
    const sameRoles = sameValue(context.source.roles, context.target.roles);
    return context
      .tables()
      .filter(isBoth)
      .filter(({ source, target }) => target.rowSecurity && !(sameRoles && context.same(source, target)))
      .flatMap(({ source, target }): FindingDraft[] => {
        const name = relationName(source);
        const out: FindingDraft[] = [];
        const targetWriters = writers(target, tp, context.target.roles.map((r) => r.name));
        for (const [role, commands] of writers(source, sp, context.source.roles.map((r) => r.name))) {
          if (!tp.roleExists(role) || exemptFromRowSecurity(target, role, tp)) continue;
          // A write TARGET does not grant at all is privilege-missing's finding, not this one.
          const blocked = commands.filter(
            (command) =>
              targetWriters.get(role)?.includes(command) === true &&
              (exemptFromRowSecurity(source, role, sp) || permissivePolicies(source, command, role, sp).length > 0) &&
              permissivePolicies(target, command, role, tp).length === 0,
          );
          if (blocked.length === 0) continue;
          const list = blocked.map((c) => c.toUpperCase()).join(", ");
          const sourcePolicies = blocked.flatMap((c) => permissivePolicies(source, c, role, sp));
          const hint = source.rowSecurity && sourcePolicies.length > 0
            ? [...new Set(sourcePolicies.map((p) => createPolicy(target, p)))].join("\n")
            : `ALTER TABLE ${name} DISABLE ROW LEVEL SECURITY;`;
          out.push({
            objectKind: "table",
            object: name,
            detail: role,
            message: `Row security on ${name} in TARGET has no permissive policy letting ${granteeName(role)} ${list}.`,
            why: `${granteeName(role)} holds ${list} on the table and can write in SOURCE, but with row security enabled and no permissive policy, TARGET rejects (or silently skips) every such row.`,
            source: source.rowSecurity ? `row security on, policies allow ${list}` : "row security off",
            target: `row security on${target.forceRowSecurity ? " (forced)" : ""}, no permissive policy for ${granteeName(role)} on ${list}`,
            hint,
          });
        }
        return out;
      });
  },
};
