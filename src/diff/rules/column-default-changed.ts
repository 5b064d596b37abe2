import type { RuleDefinition } from "../rule-definition.js";
import { isBoth } from "../match-by-key.js";
import { relationName } from "../object-names.js";
import { quoteIdent } from "../../model/identifiers.js";

export const columnDefaultChanged: RuleDefinition = {
  id: "column-default-changed",
  description: "A column's default differs (a different expression, or a default only in TARGET).",
  reads: ["tables"],
  defaultSeverity: "risky",
  check: (context) =>
    context
      .changedColumns()
      .filter(isBoth)
      .filter(({ source, target }) => target.default !== null && source.default !== target.default && source.identity === null)
      .map(({ source, target, table, object }) => {
        const added = source.default === null;
        return {
          objectKind: "column",
          object,
          severity: added ? "info" : "risky",
          message: added
            ? `Column ${object} has a default only in TARGET: ${target.default}.`
            : `Column ${object} defaults to ${target.default} in TARGET, ${source.default} in SOURCE.`,
          why: added
            ? "Writes that omit the column store the default instead of NULL; nothing that succeeds in SOURCE fails."
            : "Writes that omit the column store a different value (another sequence or function): uniqueness, foreign keys or checks may then fail.",
          source: source.default === null ? "no default" : `DEFAULT ${source.default}`,
          target: `DEFAULT ${target.default}`,
          hint: added
            ? `ALTER TABLE ${relationName(table.target)} ALTER COLUMN ${quoteIdent(target.name)} DROP DEFAULT;`
            : `ALTER TABLE ${relationName(table.target)} ALTER COLUMN ${quoteIdent(target.name)} SET DEFAULT ${source.default};`,
        } as const;
      }),
};
