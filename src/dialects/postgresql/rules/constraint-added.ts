import type { RuleDefinition } from "../judge/rule-definition.js";
import { changedConstraintPairs } from "../judge/member-pairs.js";
import { dropConstraint } from "../judge/sql-hints.js";
import { unifiedDiff } from "../../../diff/text-diff.js";
import { constraintKey, implyingKey, itemList, uniqueKeys } from "../judge/unique-keys.js";

const WHY: Record<string, string> = {
  check: "Rows that SOURCE accepts may violate TARGET's CHECK, depending on their values.",
  unique: "Rows that SOURCE accepts as duplicates are rejected by TARGET's UNIQUE constraint.",
  "primary key": "TARGET rejects duplicates and NULLs in the key columns, which SOURCE accepts.",
  "foreign key": "Rows whose referenced row does not exist (or not yet, within a transaction) are rejected by TARGET.",
  exclusion: "Rows that overlap existing ones are rejected by TARGET's exclusion constraint.",
};

export const constraintAdded: RuleDefinition = {
  id: "constraint-added",
  description: "A constraint (CHECK, UNIQUE, PRIMARY KEY, FOREIGN KEY, EXCLUDE) exists only in TARGET.",
  reads: ["tables"],
  defaultSeverity: "risky",
  check: (context) =>
    changedConstraintPairs(context)
      .filter((p) => p.target && !p.source)
      .map(({ target, table, object }) => {
        const key = constraintKey(target!);
        // A key on more columns than one SOURCE has rejects only duplicates SOURCE rejects too.
        const implying = key ? implyingKey(key, uniqueKeys(table.source)) : undefined;
        return {
          objectKind: "constraint",
          object,
          severity: target!.enforced && !implying ? "risky" : "info",
          message: `${label(target!.type)} constraint ${object} exists only in TARGET: ${target!.definition}.`,
          why: !target!.enforced
            ? "The constraint is NOT ENFORCED: it rejects nothing."
            : implying && key
              ? `SOURCE's ${implying.name} on ${itemList(implying)} already rejects every duplicate this key on ${itemList(key)} rejects: TARGET rejects no row SOURCE accepts.`
              : (WHY[target!.type] ?? "TARGET rejects rows SOURCE accepts."),
          target: target!.definition,
          ...(target!.type === "check" ? { diff: unifiedDiff(object, null, target!.definition) } : {}),
          hint: dropConstraint(table.target, target!.name),
        } as const;
      }),
};

export function label(type: string): string {
  return type === "check" ? "CHECK" : type.toUpperCase();
}
