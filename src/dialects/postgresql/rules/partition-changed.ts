import type { RuleDefinition, FindingDraft } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";
import type { Severity } from "../../../model/finding.js";
import type { Table } from "../model/snapshot.js";
import type { RuleContext } from "../judge/rule-context.js";
import { coverage, numericKey, partitionsOf, type Coverage } from "../judge/partition-coverage.js";

/**
 * A partition whose bounds or parent changed. Two writes decide: INSERTs into SOURCE's parent with keys in
 * SOURCE's bound (some TARGET partition of that parent, or its DEFAULT, must take them) and INSERTs into
 * the partition itself (its TARGET bound must take them). Either proven to fail is breaking.
 */
function judgeBound(context: RuleContext, source: Table, target: Table): { severity: Severity; why: string } {
  const bound = source.partitionBound!;
  const parentName = source.partitionOf!;
  const parentSource = context.source.tables.find((t) => relationName(t) === parentName);
  const parentTarget = context.target.tables.find((t) => relationName(t) === parentName);
  let routed: Coverage = "unknown";
  if (parentTarget?.kind === "partitioned") {
    const bounds = partitionsOf(context.target, parentTarget).map((p) => p.partitionBound ?? "");
    routed = bounds.length === 0 ? "uncovered" : parentSource?.partitionKey === parentTarget.partitionKey ? coverage(bound, bounds, numericKey(parentTarget)) : "unknown";
  }
  const samePlace = source.partitionOf === target.partitionOf;
  const numeric = parentTarget ? numericKey(parentTarget) : false;
  const direct: Coverage = samePlace && target.partitionBound ? coverage(bound, [target.partitionBound], numeric) : "unknown";
  if (routed === "uncovered") {
    return {
      severity: "breaking",
      why: `No partition of ${parentName} in TARGET (nor a DEFAULT one) takes rows ${bound}: INSERTs into ${parentName} with such keys fail with "no partition of relation found for row".`,
    };
  }
  if (direct === "uncovered") {
    return {
      severity: "breaking",
      why: `TARGET's bound ${target.partitionBound} does not hold every row SOURCE's ${bound} does: INSERTs into the partition itself with such keys fail ("violates partition constraint").`,
    };
  }
  return { severity: "risky", why: "Rows inside SOURCE's bounds may fall outside TARGET's and be rejected or routed elsewhere." };
}

export const partitionChanged: RuleDefinition = {
  id: "partition-changed",
  description: "A table's partition key, parent or bounds differ.",
  reads: ["tables"],
  defaultSeverity: "breaking",
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
            severity: "risky",
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
            ...(source.partitionOf && source.partitionBound
              ? judgeBound(context, source, target)
              : { severity: "risky" as const, why: "Rows inside SOURCE's bounds may fall outside TARGET's and be rejected or routed elsewhere." }),
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
