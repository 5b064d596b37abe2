import type { RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";

export const tablePersistenceChanged: RuleDefinition = {
  id: "table-persistence-changed",
  description: "A table is UNLOGGED on one side and permanent on the other.",
  reads: ["tables"],
  defaultSeverity: "risky",
  check: (context) =>
    context
      .tables()
      .filter(isBoth)
      .filter(({ source, target }) => source.persistence !== target.persistence)
      .map(({ source, target }) => {
        const name = relationName(source);
        const lossy = target.persistence === "unlogged";
        return {
          objectKind: "table",
          object: name,
          severity: lossy ? "risky" : "info",
          message: `Table ${name} is ${target.persistence} in TARGET, ${source.persistence} in SOURCE.`,
          why: lossy
            ? "Writes succeed, but TARGET truncates an unlogged table after a crash and does not replicate it to standbys."
            : "TARGET is at least as durable as SOURCE; writes behave the same.",
          source: source.persistence,
          target: target.persistence,
          hint: `ALTER TABLE ${name} SET ${source.persistence === "unlogged" ? "UNLOGGED" : "LOGGED"};`,
        } as const;
      }),
};
