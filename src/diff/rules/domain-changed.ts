import type { RuleDefinition, FindingDraft } from "../rule-definition.js";
import { isBoth } from "../match-by-key.js";
import { relationName } from "../object-names.js";
import { collationSql } from "../sql-hints.js";

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
        if (source.default !== target.default) {
          const added = source.default === null;
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
            hint: source.default === null ? `ALTER DOMAIN ${name} DROP DEFAULT;` : `ALTER DOMAIN ${name} SET DEFAULT ${source.default};`,
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
