import type { RuleDefinition, FindingDraft } from "../rule-definition.js";
import { isBoth } from "../match-by-key.js";
import { granteeName } from "../object-names.js";
import { revoke } from "../sql-hints.js";

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
          const optionDiff = held
            .filter((g) => source.acl.some((s) => s.grantee === grantee && s.privilege === g.privilege && s.grantable !== g.grantable))
            .map((g) => `${g.privilege} ${g.grantable ? "WITH GRANT OPTION" : "without grant option"}`);
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
