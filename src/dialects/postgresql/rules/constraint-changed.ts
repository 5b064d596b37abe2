import type { RuleDefinition } from "../judge/rule-definition.js";
import { changedConstraintPairs } from "../judge/member-pairs.js";
import { relationName } from "../judge/object-names.js";
import { quoteIdent } from "../model/identifiers.js";
import { unifiedDiff } from "../../../diff/text-diff.js";
import { label } from "./constraint-added.js";
import type { Severity } from "../../../model/finding.js";
import type { Constraint, Table } from "../model/snapshot.js";
import { constraintKey, hasKeyOn, implyingKey, itemList, uniqueKeys } from "../judge/unique-keys.js";

/**
 * A unique key whose TARGET definition only adds columns (or is otherwise implied by a SOURCE key) rejects
 * no row SOURCE accepts; what is lost is ON CONFLICT on SOURCE's columns, unless TARGET has a key there.
 */
function judgeLooserKey(source: Constraint, target: Constraint, table: { source: Table; target: Table }): { severity: Severity; why: string } | null {
  const key = constraintKey(target);
  const implying = key ? implyingKey(key, uniqueKeys(table.source)) : undefined;
  if (!key || !implying) return null;
  let why = `SOURCE's ${implying.name} on ${itemList(implying)} already rejects every duplicate TARGET's key on ${itemList(key)} rejects: TARGET rejects no row SOURCE accepts.`;
  const lost = constraintKey(source);
  if (!lost || hasKeyOn(lost.items, uniqueKeys(table.target))) return { severity: "info", why };
  why += ` But no unique key in TARGET is on exactly ${itemList(lost)}: INSERT ... ON CONFLICT ${itemList(lost)} fails there, and duplicates on ${itemList(lost)} are no longer rejected.`;
  return { severity: "risky", why };
}

export const constraintChanged: RuleDefinition = {
  id: "constraint-changed",
  description: "A constraint of the same name enforces something different in TARGET (CHECK expression, FK actions, deferrability, columns).",
  reads: ["tables"],
  defaultSeverity: "risky",
  check: (context) =>
    changedConstraintPairs(context)
      .filter((p) => p.stage === 1)
      .map(({ source, target, table, object }) => ({
        objectKind: "constraint",
        object,
        ...(target!.enforced
          ? (judgeLooserKey(source!, target!, table) ?? {
              severity: "risky" as const,
              why: "Rows SOURCE accepts may be rejected by TARGET's definition, depending on their values (or on transaction timing, for deferrability).",
            })
          : { severity: "info" as const, why: "TARGET's constraint is NOT ENFORCED: it rejects nothing." }),
        message: `${label(target!.type)} constraint ${object} differs: TARGET enforces ${target!.definition}, SOURCE ${source!.definition}.`,
        source: source!.definition,
        target: target!.definition,
        diff: unifiedDiff(object, source!.definition, target!.definition),
        hint: `ALTER TABLE ${relationName(table.target)} DROP CONSTRAINT ${quoteIdent(target!.name)}, ADD CONSTRAINT ${quoteIdent(source!.name)} ${source!.definition};`,
      }) as const),
};
