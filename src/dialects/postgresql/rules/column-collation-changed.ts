import type { RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";
import { quoteIdent } from "../model/identifiers.js";
import { collationSql } from "../judge/sql-hints.js";

export const columnCollationChanged: RuleDefinition = {
  id: "column-collation-changed",
  description: "A column's collation differs.",
  reads: ["tables"],
  defaultSeverity: "risky",
  check: (context) =>
    context
      .changedColumns()
      .filter(isBoth)
      .filter(({ source, target }) => source.collation !== target.collation && source.type === target.type)
      .map(({ source, target, table, object }) => ({
        objectKind: "column",
        object,
        message: `Column ${object} uses collation ${target.collation ? collationSql(target.collation) : "default"} in TARGET, ${source.collation ? collationSql(source.collation) : "default"} in SOURCE.`,
        why: "Collation decides equality and order: a UNIQUE index or CHECK on the column may accept or reject different values.",
        source: source.collation ? collationSql(source.collation) : "default",
        target: target.collation ? collationSql(target.collation) : "default",
        hint: `ALTER TABLE ${relationName(table.target)} ALTER COLUMN ${quoteIdent(target.name)} TYPE ${source.type}${source.collation ? ` COLLATE ${collationSql(source.collation)}` : ""};`,
      })),
};
