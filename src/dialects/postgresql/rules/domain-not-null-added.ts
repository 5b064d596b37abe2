import type { RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";

export const domainNotNullAdded: RuleDefinition = {
  id: "domain-not-null-added",
  description: "A domain is NOT NULL in TARGET only.",
  reads: ["domains"],
  defaultSeverity: "breaking",
  check: (context) =>
    context
      .domains()
      .filter(isBoth)
      .filter(({ source, target }) => source.notNull !== target.notNull)
      .map(({ source, target }) => {
        const name = relationName(source);
        return {
          objectKind: "domain",
          object: name,
          severity: target.notNull ? "breaking" : "info",
          message: `Domain ${name} is ${target.notNull ? "NOT NULL" : "nullable"} in TARGET, ${source.notNull ? "NOT NULL" : "nullable"} in SOURCE.`,
          why: target.notNull
            ? "Every write that stores NULL in a column of this domain fails in TARGET."
            : "TARGET accepts NULLs as well as everything SOURCE accepts.",
          source: source.notNull ? "NOT NULL" : "NULL allowed",
          target: target.notNull ? "NOT NULL" : "NULL allowed",
          hint: `ALTER DOMAIN ${name} ${source.notNull ? "SET" : "DROP"} NOT NULL;`,
        } as const;
      }),
};
