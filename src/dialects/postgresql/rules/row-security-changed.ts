import type { Table } from "../model/snapshot.js";
import type { RuleDefinition, FindingDraft } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";

const state = (t: Table) => (t.rowSecurity ? (t.forceRowSecurity ? "enabled and forced" : "enabled") : t.forceRowSecurity ? "disabled (force set)" : "disabled");

export const rowSecurityChanged: RuleDefinition = {
  id: "row-security-changed",
  description: "Row level security is enabled or forced on one side only.",
  reads: ["tables"],
  defaultSeverity: "risky",
  check: (context) =>
    context
      .tables()
      .filter(isBoth)
      .filter(({ source, target }) => source.rowSecurity !== target.rowSecurity || source.forceRowSecurity !== target.forceRowSecurity)
      .map(({ source, target }): FindingDraft => {
        const name = relationName(source);
        const stricter =
          (target.rowSecurity && !source.rowSecurity) || (target.rowSecurity && target.forceRowSecurity && !source.forceRowSecurity);
        const statements: string[] = [];
        if (source.rowSecurity !== target.rowSecurity) statements.push(`ALTER TABLE ${name} ${source.rowSecurity ? "ENABLE" : "DISABLE"} ROW LEVEL SECURITY;`);
        if (source.forceRowSecurity !== target.forceRowSecurity) statements.push(`ALTER TABLE ${name} ${source.forceRowSecurity ? "" : "NO "}FORCE ROW LEVEL SECURITY;`);
        return {
          objectKind: "table",
          object: name,
          severity: stricter ? "risky" : "info",
          message: `Row level security on ${name} is ${state(target)} in TARGET, ${state(source)} in SOURCE.`,
          why: stricter
            ? "TARGET filters writes through its policies (the owner too, when forced): rows outside them are rejected."
            : "TARGET applies fewer row security checks than SOURCE: nothing SOURCE accepts is rejected by them.",
          source: state(source),
          target: state(target),
          hint: statements.join(" "),
        };
      }),
};
