import type { Severity } from "../../../model/finding.js";
import type { RuleDefinition } from "../judge/rule-definition.js";
import { changedIndexPairs } from "../judge/member-pairs.js";
import { relationName } from "../judge/object-names.js";
import { unifiedDiff } from "../../../diff/text-diff.js";
import { hasKeyOn, implyingKey, indexKey, itemList, uniqueKeys } from "../judge/unique-keys.js";

export const uniqueIndexAdded: RuleDefinition = {
  id: "unique-index-added",
  description: "A unique index exists only in TARGET (or a same-named unique index covers different columns).",
  reads: ["tables", "views"],
  defaultSeverity: "risky",
  check: (context) =>
    changedIndexPairs(context)
      .filter((p) => p.target?.unique && (!p.source || p.stage === 1))
      .map(({ source, target, table, object }) => {
        let severity: Severity = "risky";
        let why = "Rows that SOURCE accepts as duplicates on these columns are rejected by TARGET.";
        const key = indexKey(target!);
        const implying = key ? implyingKey(key, uniqueKeys(table.source)) : undefined;
        if (key && implying) {
          // A key on more columns than one SOURCE has rejects fewer rows: nothing SOURCE accepts.
          const lost = source ? indexKey(source) : null;
          const conflictTarget = lost && !hasKeyOn(lost.items, uniqueKeys(table.target)) ? lost : null;
          severity = conflictTarget ? "risky" : "info";
          why = `SOURCE's ${implying.name} on ${itemList(implying)} already rejects every duplicate TARGET's index on ${itemList(key)} rejects: TARGET rejects no row SOURCE accepts.`;
          if (conflictTarget) {
            why += ` But no unique key in TARGET is on exactly ${itemList(conflictTarget)}: INSERT ... ON CONFLICT ${itemList(conflictTarget)} fails there, and duplicates on ${itemList(conflictTarget)} are no longer rejected.`;
          }
        }
        return {
          objectKind: "index",
          object,
          severity,
          message: source
            ? `Unique index ${object} is defined differently in TARGET: ${target!.definition}.`
            : `Unique index ${object} exists only in TARGET: ${target!.definition}.`,
          why,
          ...(source ? { source: source.definition } : {}),
          target: target!.definition,
          ...(source ? { diff: unifiedDiff(object, source.definition, target!.definition) } : {}),
          hint: source
            ? `DROP INDEX ${relationName({ schema: table.target.schema, name: target!.name })}; ${source.definition};`
            : `DROP INDEX ${relationName({ schema: table.target.schema, name: target!.name })};`,
        };
      }),
};
