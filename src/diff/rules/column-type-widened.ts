import type { RuleDefinition } from "../rule-definition.js";
import { isBoth } from "../match-by-key.js";
import { relationName } from "../object-names.js";
import { quoteIdent } from "../../model/identifiers.js";
import { columnTypeChange } from "../column-type-change.js";
import { sentence } from "../type-change.js";

export const columnTypeWidened: RuleDefinition = {
  id: "column-type-widened",
  description: "A column's type in TARGET accepts every value SOURCE accepts (int to bigint, varchar(32) to varchar(64)).",
  reads: ["tables", "domains"],
  defaultSeverity: "info",
  check: (context) =>
    context
      .changedColumns()
      .filter(isBoth)
      .flatMap(({ source, target, table, object }) => {
        const change = columnTypeChange(source, target, context);
        if (change.kind !== "widened") return [];
        return [
          {
            objectKind: "column",
            object,
            message: `Column ${object} is ${target.type} in TARGET, ${source.type} in SOURCE.`,
            why: sentence(change.reason),
            source: source.type,
            target: target.type,
            hint: `ALTER TABLE ${relationName(table.target)} ALTER COLUMN ${quoteIdent(source.name)} TYPE ${source.type};`,
          },
        ];
      }),
};
