import type { RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";
import { quoteIdent } from "../model/identifiers.js";
import { givesValue, judgedDefault } from "../model/column-default.js";

export const columnDefaultRemoved: RuleDefinition = {
  id: "column-default-removed",
  description: "A column has a default in SOURCE and none in TARGET.",
  reads: ["tables"],
  defaultSeverity: "breaking",
  check: (context) =>
    context
      .changedColumns()
      .filter(isBoth)
      // Identity and generated columns fill themselves; their changes are judged by their own rules. A NULL
      // default gives no value, so losing one changes nothing (on a domain column TARGET then gets the domain's).
      .filter(({ source, target }) => givesValue(source.default) && judgedDefault(target) === null && target.identity === null && target.generated === null)
      .map(({ source, target, table, object }) => ({
        objectKind: "column",
        object,
        severity: target.notNull ? "breaking" : "risky",
        message: `Column ${object} has no default in TARGET; SOURCE's default is ${source.default}.`,
        why: target.notNull
          ? "Writes that omit the column rely on the default: in TARGET they store NULL and fail the NOT NULL constraint."
          : "Writes that omit the column store NULL in TARGET instead of the default; constraints or readers expecting a value may fail.",
        source: `DEFAULT ${source.default}`,
        target: target.notNull ? "no default, NOT NULL" : "no default",
        hint: `ALTER TABLE ${relationName(table.target)} ALTER COLUMN ${quoteIdent(target.name)} SET DEFAULT ${source.default};`,
      }) as const),
};
