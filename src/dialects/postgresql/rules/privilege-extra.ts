import type { Grant } from "../model/snapshot.js";
import type { RuleDefinition, FindingDraft } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { granteeName } from "../judge/object-names.js";
import { revoke } from "../judge/sql-hints.js";

export const privilegeExtra: RuleDefinition = {
  id: "privilege-extra",
  description: "A role holds in TARGET a privilege it does not hold in SOURCE, or a grant option differs.",
  reads: ["database", "schemas", "tables", "views", "sequences", "routines", "roles"],
  defaultSeverity: "info",
  check: (context) => {
    const { source: sp } = context.privileges;
    return context
      .changedAclObjects()
      .filter(isBoth)
      .flatMap(({ source, target }): FindingDraft[] => {
        const out: FindingDraft[] = [];
        const grantees = [...new Set(target.acl.map((g) => g.grantee))].sort();
        for (const grantee of grantees) {
          const held = target.acl.filter((g) => g.grantee === grantee && (context.comparesMaintain || g.privilege !== "MAINTAIN"));
          const sourceHas = sp.effective(grantee, source.acl, source.parentAcl ?? []);
          const extra = [...new Set(held.map((g) => g.privilege))].filter((p) => !sourceHas.has(p) && !sp.isSuperuser(grantee)).sort();
          // Per privilege, as PostgreSQL applies it: grantable when any of the grantee's grants of it is (an
          // ACL may list one privilege twice, from two grantors).
          const holds = (acl: readonly Grant[], privilege: string) => acl.some((g) => g.grantee === grantee && g.privilege === privilege);
          const grantable = (acl: readonly Grant[], privilege: string) => acl.some((g) => g.grantee === grantee && g.privilege === privilege && g.grantable);
          const optionDiff = [...new Set(held.map((g) => g.privilege))]
            .filter((p) => holds(source.acl, p) && grantable(source.acl, p) !== grantable(target.acl, p))
            .sort()
            .map((p) => `${p} ${grantable(target.acl, p) ? "WITH GRANT OPTION" : "without grant option"}`);
          if (extra.length > 0) {
            out.push({
              objectKind: "privilege",
              object: source.object,
              detail: grantee,
              message: `${granteeName(grantee)} holds ${extra.join(", ")} on ${source.objectKind} ${source.object} only in TARGET.`,
              why: "TARGET allows more than SOURCE: no write that succeeds in SOURCE fails because of it.",
              source: `not held by ${granteeName(grantee)}`,
              target: `${extra.join(", ")} granted to ${granteeName(grantee)}`,
              hint: revoke(extra, target.grantOn, grantee, target.columnList),
            });
          }
          if (optionDiff.length > 0) {
            out.push({
              objectKind: "privilege",
              object: source.object,
              detail: `${grantee}\u0000grant option`,
              message: `${granteeName(grantee)} holds ${optionDiff.join(", ")} on ${source.objectKind} ${source.object} in TARGET, unlike SOURCE.`,
              why: "The grant option only decides who may grant the privilege on; writes are unaffected.",
              source: source.acl.filter((g) => g.grantee === grantee).map((g) => `${g.privilege}${g.grantable ? " WITH GRANT OPTION" : ""}`).join(", "),
              target: held.map((g) => `${g.privilege}${g.grantable ? " WITH GRANT OPTION" : ""}`).join(", "),
            });
          }
        }
        return out;
      });
  },
};
