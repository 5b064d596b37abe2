import type { RuleDefinition } from "../judge/rule-definition.js";
import { changedIndexPairs } from "../judge/member-pairs.js";

export const uniqueIndexMissing: RuleDefinition = {
  id: "unique-index-missing",
  description: "A unique index exists only in SOURCE.",
  reads: ["tables", "views"],
  defaultSeverity: "risky",
  check: (context) =>
    changedIndexPairs(context)
      .filter((p) => p.source?.unique && (!p.target || (p.stage === 1 && !p.target.unique)))
      .map(({ source, target, object }) => ({
        objectKind: "index",
        object,
        message: `Unique index ${object} does not exist in TARGET: ${source!.definition}.`,
        why: "INSERT ... ON CONFLICT on these columns fails in TARGET (no matching unique index), and duplicates are no longer rejected.",
        source: source!.definition,
        ...(target ? { target: target.definition } : {}),
        hint: `${source!.definition};`,
      })),
};
