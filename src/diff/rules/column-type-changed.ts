import type { RuleDefinition } from "../rule-definition.js";
import { isBoth } from "../match-by-key.js";
import { relationName } from "../object-names.js";
import { quoteIdent } from "../../model/identifiers.js";
import { columnTypeChange } from "../column-type-change.js";
import { sentence } from "../type-change.js";

export const columnTypeChanged: RuleDefinition = {
  id: "column-type-changed",
  description: "A column's type differs in a way that may change or reject values (timestamp vs timestamptz, rounding, json vs jsonb).",
  reads: ["tables", "domains"],
  defaultSeverity: "risky",
  check: (context) =>
    context
      .changedColumns()
      .filter(isBoth)
      .flatMap(({ source, target, table, object }) => {
        const change = columnTypeChange(source, target, context);
        if (change.kind !== "changed") return [];
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
