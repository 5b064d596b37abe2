import type { RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";
import { quoteIdent } from "../model/identifiers.js";
import { fillsOmitted, givesValue } from "../model/column-default.js";
import type { Column, Table } from "../model/snapshot.js";

/**
 * The name of an enforced CHECK (col IS NOT NULL) of the table, the step before SET NOT NULL in the usual
 * online migration; null when there is none. Validated or not: NOT VALID only spares the existing rows.
 */
function rejectsNullByCheck(table: Table, column: string): string | null {
  const wanted = `${quoteIdent(column)} IS NOT NULL`;
  const found = table.constraints.find(
    (c) => c.type === "check" && c.enforced && c.definition.replace(/^CHECK\s*/, "").replace(/\s+NOT VALID$/, "").replace(/^\((.*)\)$/, "$1").replace(/^\((.*)\)$/, "$1") === wanted,
  );
  return found ? `CHECK constraint ${quoteIdent(found.name)}` : null;
}

export const columnNotNullAdded: RuleDefinition = {
  id: "column-not-null-added",
  description: "A column is NOT NULL in TARGET only.",
  reads: ["tables"],
  defaultSeverity: "breaking",
  check: (context) =>
    context
      .changedColumns()
      .filter(isBoth)
      .filter(({ source, target }) => target.notNull && !source.notNull)
      .map(({ source, target, table, object }) => {
        const filled = fillsOmitted(target);
        const checked = rejectsNullByCheck(table.source, source.name);
        return {
          objectKind: "column",
          object,
          severity: checked ? "info" : filled ? "risky" : "breaking",
          message: `Column ${object} is NOT NULL in TARGET but nullable in SOURCE.`,
          why: checked
            ? `SOURCE already rejects NULL there with ${checked} (a NOT VALID CHECK still applies to every new write), so no write that succeeds in SOURCE stores NULL.`
            : filled
            ? "Writes that omit the column get TARGET's default, but writes that store NULL explicitly fail."
            : "Writes that omit the column or store NULL succeed in SOURCE and fail in TARGET: there is no default to fill it.",
          source: `NULL allowed${givesValue(source.default) ? `, default ${source.default}` : ""}`,
          target: `NOT NULL${defaultLabel(target)}`,
          hint: `ALTER TABLE ${relationName(table.target)} ALTER COLUMN ${quoteIdent(target.name)} DROP NOT NULL;`,
        } as const;
      }),
};

/** A NULL default is shown as what it is: no value for omitted writes. */
function defaultLabel(column: Column): string {
  if (givesValue(column.default)) return `, default ${column.default}`;
  return column.default !== null ? `, default ${column.default} (NULL: no value)` : ", no default";
}
