import { quoteIdent } from "../model/identifiers.js";
import type { Severity } from "../../../model/finding.js";
import { columnTypeChange } from "./column-type-change.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "./object-names.js";
import type { RuleDefinition } from "./rule-definition.js";
import { sentence, type TypeChange } from "./type-change.js";

/**
 * The three column-type rules classify the same change and differ only in which outcome they report
 * (narrowed: breaking, changed: risky, widened: info), so they share one definition.
 */
export function columnTypeRule(options: {
  readonly id: string;
  readonly description: string;
  readonly defaultSeverity: Severity;
  readonly reports: TypeChange["kind"];
}): RuleDefinition {
  return {
    id: options.id,
    description: options.description,
    reads: ["tables", "domains"],
    defaultSeverity: options.defaultSeverity,
    check: (context) =>
      context
        .changedColumns()
        .filter(isBoth)
        .flatMap(({ source, target, table, object }) => {
          const change = columnTypeChange(source, target, context);
          if (change.kind !== options.reports) return [];
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
}
