import type { RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";

const parents = (list: readonly string[]) => (list.length > 0 ? list.join(", ") : "no table");

export const tableInheritanceChanged: RuleDefinition = {
  id: "table-inheritance-changed",
  description: "A table inherits from different parents (INHERITS) in TARGET.",
  reads: ["tables"],
  defaultSeverity: "risky",
  check: (context) =>
    context
      .changed(context.tables())
      .filter(isBoth)
      .filter(({ source, target }) => source.inherits.join(",") !== target.inherits.join(","))
      .map(({ source, target }) => ({
        objectKind: "table",
        object: relationName(source),
        message: `Table ${relationName(source)} inherits from ${parents(target.inherits)} in TARGET, from ${parents(source.inherits)} in SOURCE.`,
        why: "Parents contribute columns and CHECK constraints, and queries on a parent see its children: writes and reads behave differently.",
        source: source.inherits.join(", ") || "no parents",
        target: target.inherits.join(", ") || "no parents",
      })),
};
