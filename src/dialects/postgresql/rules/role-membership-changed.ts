import { quoteIdent } from "../model/identifiers.js";
import type { RuleDefinition, FindingDraft } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { roleFootprint } from "../judge/role-footprint.js";

export const roleMembershipChanged: RuleDefinition = {
  id: "role-membership-changed",
  description: "A role is a member of another role on one side only (breaking when it loses write privileges through it).",
  reads: ["roles", "database", "schemas", "tables", "views", "sequences", "routines"],
  defaultSeverity: "breaking",
  check: (context) =>
    context
      .roles()
      .filter(isBoth)
      .flatMap(({ source, target }) => {
        const name = quoteIdent(source.name);
        const out: FindingDraft[] = [];
        for (const parent of source.memberOf.filter((p) => !target.memberOf.includes(p))) {
          if (!context.privileges.target.roleExists(parent)) continue; // role-missing reports the parent
          // Privileges reach the member through the parent and everything the parent inherits from.
          const lineage = [...context.privileges.source.privilegeSources(parent)].filter((r) => r !== "PUBLIC");
          const use = lineage
            .map((r) => roleFootprint(context.source, r))
            .reduce((a, b) => ({ grants: a.grants + b.grants, owns: a.owns + b.owns, writePrivileges: a.writePrivileges + b.writePrivileges }));
          const severity = use.writePrivileges > 0 ? "breaking" : use.grants > 0 ? "risky" : "info";
          out.push({
            objectKind: "role",
            object: name,
            detail: `member of ${parent}`,
            severity,
            message: `Role ${name} is not a member of ${quoteIdent(parent)} in TARGET.`,
            why:
              use.grants > 0
                ? `${quoteIdent(parent)} holds ${use.grants} privilege(s) in SOURCE (${use.writePrivileges} on the write path): ${name} does not get them in TARGET.`
                : `${quoteIdent(parent)} holds no privileges in SOURCE's database; only SET ROLE to it is lost.`,
            source: `member of ${source.memberOf.map(quoteIdent).join(", ")}`,
            target: target.memberOf.length > 0 ? `member of ${target.memberOf.map(quoteIdent).join(", ")}` : "member of no role",
            hint: `GRANT ${quoteIdent(parent)} TO ${name};`,
          });
        }
        for (const parent of target.memberOf.filter((p) => !source.memberOf.includes(p))) {
          out.push({
            objectKind: "role",
            object: name,
            detail: `member of ${parent}`,
            severity: "info",
            message: `Role ${name} is a member of ${quoteIdent(parent)} only in TARGET.`,
            why: "It holds more privileges in TARGET; nothing that succeeds in SOURCE fails because of it.",
            source: source.memberOf.length > 0 ? `member of ${source.memberOf.map(quoteIdent).join(", ")}` : "member of no role",
            target: `member of ${target.memberOf.map(quoteIdent).join(", ")}`,
            hint: `REVOKE ${quoteIdent(parent)} FROM ${name};`,
          });
        }
        return out;
      }),
};
