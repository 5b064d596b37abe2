import type { RuleDefinition, FindingDraft } from "../rule-definition.js";
import { isBoth } from "../match-by-key.js";
import { relationName } from "../object-names.js";

export const partitionChanged: RuleDefinition = {
  id: "partition-changed",
  description: "A table's partition key, parent or bounds differ.",
  reads: ["tables"],
  defaultSeverity: "risky",
  check: (context) =>
    context
      .tables()
      .filter(isBoth)
      .flatMap(({ source, target }): FindingDraft[] => {
        const name = relationName(source);
        const out: FindingDraft[] = [];
        // A table that became (or stopped being) partitioned is table-kind-changed's finding.
        if (source.kind === "partitioned" && target.kind === "partitioned" && source.partitionKey !== target.partitionKey) {
          out.push({
            objectKind: "table",
            object: name,
            detail: "key",
            message: `Table ${name} is partitioned by ${target.partitionKey ?? "nothing"} in TARGET, by ${source.partitionKey ?? "nothing"} in SOURCE.`,
            why: "Rows are routed by a different key: a row SOURCE accepts may find no partition in TARGET.",
            source: source.partitionKey ?? "not partitioned",
            target: target.partitionKey ?? "not partitioned",
          });
        }
        if (source.kind === "partition" && target.kind === "partition" && (source.partitionOf !== target.partitionOf || source.partitionBound !== target.partitionBound)) {
          const describe = (of: string | null, bound: string | null) => (of ? `partition of ${of} ${bound ?? ""}`.trim() : "not a partition");
          out.push({
            objectKind: "table",
            object: name,
            detail: "bound",
            message: `Partition ${name} has different bounds or parent in TARGET.`,
            why: "Rows inside SOURCE's bounds may fall outside TARGET's and be rejected or routed elsewhere.",
            source: describe(source.partitionOf, source.partitionBound),
            target: describe(target.partitionOf, target.partitionBound),
            ...(source.partitionOf && source.partitionBound && target.partitionOf
              ? {
                  hint: `ALTER TABLE ${target.partitionOf} DETACH PARTITION ${name}; ALTER TABLE ${source.partitionOf} ATTACH PARTITION ${name} ${source.partitionBound};`,
                }
              : {}),
          });
        }
        return out;
      }),
};
