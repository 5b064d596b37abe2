import type { RuleDefinition } from "../judge/rule-definition.js";
import { relationName } from "../judge/object-names.js";
import { createTable } from "../judge/sql-hints.js";

export const tableMissing: RuleDefinition = {
  id: "table-missing",
  description: "A table that exists in SOURCE is missing in TARGET.",
  reads: ["tables"],
  defaultSeverity: "breaking",
  check: (context) =>
    context.tables().flatMap(({ source, target }) =>
      source && !target
        ? [
            {
              objectKind: "table",
              object: relationName(source),
              message: `Table ${relationName(source)} does not exist in TARGET.`,
              why: source.partitionOf
                ? `Rows routed to this partition of ${source.partitionOf} have no partition to go to, and direct writes to it fail.`
                : "Every write to this table fails with \"relation does not exist\".",
              source: `${source.kind} table with ${source.columns.length} column(s)`,
              hint: createTable(source),
            },
          ]
        : [],
    ),
};
