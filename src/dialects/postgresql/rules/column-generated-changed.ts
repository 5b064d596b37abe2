import type { Severity } from "../../../model/finding.js";
import type { Column } from "../model/snapshot.js";
import type { RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";
import { quoteIdent } from "../model/identifiers.js";
import { givesValue } from "../model/column-default.js";
import { unifiedDiff } from "../../../diff/text-diff.js";

const label = (c: Column) => (c.generated ? `GENERATED ALWAYS AS (${c.generatedExpression ?? "?"}) ${c.generated.toUpperCase()}` : "not generated");

function judgeGenerated(source: Column, target: Column): { severity: Severity; why: string } {
  if (target.generated && !source.generated) {
    return { severity: "breaking", why: "TARGET computes the column: every write that supplies a value for it fails with \"cannot insert a non-DEFAULT value\"." };
  }
  if (source.generated && !target.generated) {
    return target.notNull && !givesValue(target.default)
      ? { severity: "breaking", why: "Writes from SOURCE never supply the column; TARGET does not compute it and NOT NULL rejects them." }
      : { severity: "risky", why: "Writes from SOURCE never supply the column; TARGET does not compute it, so it stores NULL or the default." };
  }
  if (source.generatedExpression !== target.generatedExpression) {
    return { severity: "risky", why: "TARGET computes a different value; constraints and indexes on the column may then reject the row." };
  }
  return { severity: "info", why: "Only the storage of the generated value differs; writes behave the same." };
}

export const columnGeneratedChanged: RuleDefinition = {
  id: "column-generated-changed",
  description: "A column's generation (GENERATED ALWAYS AS ... STORED/VIRTUAL) differs.",
  reads: ["tables"],
  defaultSeverity: "breaking",
  check: (context) =>
    context
      .changedColumns()
      .filter(isBoth)
      .filter(({ source, target }) => source.generated !== target.generated || source.generatedExpression !== target.generatedExpression)
      .map(({ source, target, table, object }) => {
        const both = source.generated !== null && target.generated !== null;
        const alter = `ALTER TABLE ${relationName(table.target)} ALTER COLUMN ${quoteIdent(target.name)}`;
        const hint =
          source.generated && source.generatedExpression && target.generated
            ? `${alter} SET EXPRESSION AS (${source.generatedExpression});`
            : !source.generated
              ? `${alter} DROP EXPRESSION;`
              : undefined;
        return {
          objectKind: "column",
          object,
          ...judgeGenerated(source, target),
          message: `Column ${object} is ${label(target)} in TARGET, ${label(source)} in SOURCE.`,
          source: label(source),
          target: label(target),
          ...(both && source.generatedExpression !== target.generatedExpression
            ? { diff: unifiedDiff(object, source.generatedExpression, target.generatedExpression) }
            : {}),
          ...(hint ? { hint } : {}),
        };
      }),
};
