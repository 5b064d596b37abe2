import type { RuleDefinition, FindingDraft } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";
import { collationSql } from "../judge/sql-hints.js";
import { judgedDomainDefault } from "../model/column-default.js";
import type { Domain, SnapshotContent } from "../model/snapshot.js";

/** A domain whose base type is another domain: its NULL default overrides the base domain's. */
function overDomain(content: SnapshotContent, domain: Domain): boolean {
  return content.domains.some((d) => relationName(d) === domain.baseType || d.name === domain.baseType);
}

export const domainChanged: RuleDefinition = {
  id: "domain-changed",
  description: "A domain's default or collation differs.",
  reads: ["domains"],
  defaultSeverity: "risky",
  check: (context) =>
    context
      .domains()
      .filter(isBoth)
      .flatMap(({ source, target }) => {
        const name = relationName(source);
        const out: FindingDraft[] = [];
        const sourceDefault = judgedDomainDefault(source, overDomain(context.source, source));
        const targetDefault = judgedDomainDefault(target, overDomain(context.target, target));
        // A NULL default is no default: one appearing or disappearing is no difference.
        if (sourceDefault !== targetDefault) {
          const added = sourceDefault === null;
          out.push({
            objectKind: "domain",
            object: name,
            detail: "default",
            severity: added ? "info" : "risky",
            message: `Domain ${name} defaults to ${target.default ?? "nothing"} in TARGET, ${source.default ?? "nothing"} in SOURCE.`,
            why: added
              ? "Writes that omit such a column get a value instead of NULL; nothing SOURCE accepts is rejected."
              : "Writes that omit a column of this domain store another value (or NULL): NOT NULL, UNIQUE or CHECK may then fail.",
            source: source.default ?? "no default",
            target: target.default ?? "no default",
            hint: sourceDefault === null ? `ALTER DOMAIN ${name} DROP DEFAULT;` : `ALTER DOMAIN ${name} SET DEFAULT ${source.default};`,
          });
        }
        if (source.collation !== target.collation) {
          out.push({
            objectKind: "domain",
            object: name,
            detail: "collation",
            message: `Domain ${name} uses collation ${target.collation ? collationSql(target.collation) : "default"} in TARGET, ${source.collation ? collationSql(source.collation) : "default"} in SOURCE.`,
            why: "Collation decides equality and order: UNIQUE indexes and CHECKs on such columns may accept or reject different values.",
            source: source.collation ? collationSql(source.collation) : "default",
            target: target.collation ? collationSql(target.collation) : "default",
          });
        }
        return out;
      }),
};
