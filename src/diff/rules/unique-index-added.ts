import type { RuleDefinition } from "../rule-definition.js";
import { changedIndexPairs } from "../member-pairs.js";
import { relationName } from "../object-names.js";
import { unifiedDiff } from "../text-diff.js";

export const uniqueIndexAdded: RuleDefinition = {
  id: "unique-index-added",
  description: "A unique index exists only in TARGET (or a same-named unique index covers different columns).",
  reads: ["tables", "views"],
  defaultSeverity: "risky",
  check: (context) =>
    changedIndexPairs(context)
      .filter((p) => p.target?.unique && (!p.source || p.stage === 1))
      .map(({ source, target, table, object }) => ({
        objectKind: "index",
        object,
        message: source
          ? `Unique index ${object} is defined differently in TARGET: ${target!.definition}.`
          : `Unique index ${object} exists only in TARGET: ${target!.definition}.`,
        why: "Rows that SOURCE accepts as duplicates on these columns are rejected by TARGET.",
        ...(source ? { source: source.definition } : {}),
        target: target!.definition,
        ...(source ? { diff: unifiedDiff(object, source.definition, target!.definition) } : {}),
        hint: source
          ? `DROP INDEX ${relationName({ schema: table.target.schema, name: target!.name })}; ${source.definition};`
          : `DROP INDEX ${relationName({ schema: table.target.schema, name: target!.name })};`,
      })),
};

