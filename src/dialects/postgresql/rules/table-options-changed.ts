import type { RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";

const show = (options: readonly string[]) => (options.length > 0 ? `(${options.join(", ")})` : "none");

export const tableOptionsChanged: RuleDefinition = {
  id: "table-options-changed",
  description: "A table's storage parameters (fillfactor, autovacuum_*, ...) differ.",
  reads: ["tables"],
  defaultSeverity: "info",
  check: (context) =>
    context
      .changed(context.tables())
      .filter(isBoth)
      .filter(({ source, target }) => [...source.options].sort().join(",") !== [...target.options].sort().join(","))
      .map(({ source, target }) => ({
        objectKind: "table",
        object: relationName(source),
        message: `Table ${relationName(source)} has storage parameters ${show(target.options)} in TARGET, ${show(source.options)} in SOURCE.`,
        why: "Storage parameters tune space and vacuum; they do not reject writes.",
        source: source.options.join(", ") || "none",
        target: target.options.join(", ") || "none",
        ...(source.options.length > 0 ? { hint: `ALTER TABLE ${relationName(source)} SET (${source.options.join(", ")});` } : {}),
      })),
};
