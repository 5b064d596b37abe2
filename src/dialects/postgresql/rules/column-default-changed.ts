import type { Severity } from "../../../model/finding.js";
import type { Column, SnapshotContent } from "../model/snapshot.js";
import type { RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";
import { quoteIdent } from "../model/identifiers.js";
import { givesValue, judgedDefault } from "../model/column-default.js";

/**
 * Whether a write that omits the column gets a value in this snapshot: from the column's default, or,
 * with none, from its domain's.
 */
function omittedGetsValue(content: SnapshotContent, column: Column): boolean {
  if (column.default !== null) return givesValue(column.default);
  if (column.typeKind !== "domain" || column.typeRef === null) return false;
  const domain = content.domains.find((d) => relationName(d) === column.typeRef);
  return domain !== undefined && givesValue(domain.default);
}

export const columnDefaultChanged: RuleDefinition = {
  id: "column-default-changed",
  description: "A column's default differs (a different expression, or a default only in TARGET).",
  reads: ["tables", "domains"],
  defaultSeverity: "breaking",
  check: (context) =>
    context
      .changedColumns()
      .filter(isBoth)
      // A NULL default is no default (judgedDefault), so one appearing or changing its cast is no difference.
      .filter(({ source, target }) => judgedDefault(target) !== null && judgedDefault(source) !== judgedDefault(target) && source.identity === null)
      .map(({ source, target, table, object }) => {
        const sourceDefault = judgedDefault(source);
        const added = sourceDefault === null;
        let severity: Severity = added ? "info" : "risky";
        let why = added
          ? "Writes that omit the column store the default instead of NULL; nothing that succeeds in SOURCE fails."
          : "Writes that omit the column store a different value (another sequence or function): uniqueness, foreign keys or checks may then fail.";
        if (!givesValue(target.default)) {
          // Only on a domain column: TARGET's NULL default overrides the domain's default.
          const lost = omittedGetsValue(context.source, source);
          severity = lost ? (target.notNull ? "breaking" : "risky") : "info";
          why = !lost
            ? "TARGET's default is NULL, and writes that omit the column store NULL in SOURCE too."
            : target.notNull
              ? "TARGET's default is NULL (overriding the domain's): writes that omit the column store NULL and fail NOT NULL; in SOURCE they get a value."
              : "TARGET's default is NULL (overriding the domain's): writes that omit the column store NULL instead of SOURCE's value.";
        }
        return {
          objectKind: "column",
          object,
          severity,
          message: added
            ? `Column ${object} has a default only in TARGET: ${target.default}.`
            : `Column ${object} defaults to ${target.default} in TARGET, ${source.default} in SOURCE.`,
          why,
          source: sourceDefault === null ? "no default" : `DEFAULT ${sourceDefault}`,
          target: `DEFAULT ${target.default}`,
          hint: added
            ? `ALTER TABLE ${relationName(table.target)} ALTER COLUMN ${quoteIdent(target.name)} DROP DEFAULT;`
            : `ALTER TABLE ${relationName(table.target)} ALTER COLUMN ${quoteIdent(target.name)} SET DEFAULT ${sourceDefault};`,
        } as const;
      }),
};
