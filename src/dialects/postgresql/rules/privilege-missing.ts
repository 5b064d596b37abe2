import type { RuleDefinition, FindingDraft } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { granteeName } from "../judge/object-names.js";
import { mostSevere, privilegeEffect } from "../judge/privilege-effects.js";
import { grant } from "../judge/sql-hints.js";

export const privilegeMissing: RuleDefinition = {
  id: "privilege-missing",
  description: "A role lacks in TARGET a privilege it is granted in SOURCE (role membership counted); write privileges are breaking.",
  reads: ["database", "schemas", "tables", "views", "sequences", "routines", "roles"],
  defaultSeverity: "breaking",
  check: (context) => {
    const { source: sp, target: tp } = context.privileges;
    return context
      .changedAclObjects()
      .filter(isBoth)
      .flatMap(({ source, target }): FindingDraft[] => {
        const out: FindingDraft[] = [];
        const grantees = [...new Set(source.acl.map((g) => g.grantee))].sort();
        for (const grantee of grantees) {
          // A grantee absent from TARGET's snapshot still gets its finding here: the snapshot keeps only roles
          // its database refers to, so "absent" may mean "exists, but granted nothing" (role-missing says which).
          if (tp.isSuperuser(grantee)) continue;
          const held = source.acl.filter((g) => g.grantee === grantee && (context.comparesMaintain || g.privilege !== "MAINTAIN"));
          const targetHas = tp.effective(grantee, target.acl, target.parentAcl ?? []);
          const missing = [...new Set(held.map((g) => g.privilege))].filter((p) => !targetHas.has(p)).sort();
          if (missing.length === 0) continue;
          const effects = missing.map((p) => ({ privilege: p, ...privilegeEffect(p) }));
          const viaRoles = [...sp.privilegeSources(grantee)].filter((r) => r !== grantee && r !== "PUBLIC");
          out.push({
            objectKind: "privilege",
            object: source.object,
            detail: grantee,
            severity: mostSevere(effects.map((e) => e.severity)),
            message: `${granteeName(grantee)} lacks ${missing.join(", ")} on ${source.objectKind} ${source.object} in TARGET.`,
            why: `In TARGET ${effects.map((e) => `without ${e.privilege} ${e.effect}`).join("; ")}. Grants through role membership were taken into account${viaRoles.length > 0 ? ` (in SOURCE ${granteeName(grantee)} inherits from ${viaRoles.map(granteeName).join(", ")})` : ""}.`,
            source: `${missing.join(", ")} granted to ${granteeName(grantee)}`,
            target: `not held by ${granteeName(grantee)}, directly or through membership`,
            hint: grant(missing, target.grantOn, grantee, target.columnList),
          });
        }
        return out;
      });
  },
};
