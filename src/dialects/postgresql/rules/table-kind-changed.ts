import type { Severity } from "../../../model/finding.js";
import type { Table } from "../model/snapshot.js";
import type { RuleContext } from "../judge/rule-context.js";
import type { RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";
import { coverage, numericKey, partitionsOf } from "../judge/partition-coverage.js";

const WHY: Record<string, string> = {
  partitioned: "TARGET routes rows to partitions: a row no partition accepts is rejected.",
  foreign: "TARGET stores rows on a foreign server: writes depend on that server and its own constraints.",
  partition: "TARGET's table is a partition: rows outside its bounds are rejected.",
  ordinary: "TARGET is an ordinary table: writes behave differently from SOURCE's table.",
};

/**
 * Two kind changes decide writes whatever the data: a table partitioned in TARGET with no partition
 * rejects every INSERT, and a SOURCE partition that is a plain table in TARGET (detached) leaves the rows
 * SOURCE routes to it nowhere to go unless another TARGET partition of the parent covers its bound. One
 * decides nothing: a partitioned table that is an ordinary one in TARGET takes every row.
 */
function judgeKind(context: RuleContext, source: Table, target: Table): { severity: Severity; why: string } | null {
  if (target.kind === "partitioned" && source.kind !== "partitioned" && partitionsOf(context.target, target).length === 0) {
    return {
      severity: "breaking",
      why: "TARGET's table is partitioned and has no partition: every INSERT fails with \"no partition of relation found for row\".",
    };
  }
  if (source.kind === "partitioned" && target.kind === "ordinary") {
    return {
      severity: "info",
      why: "TARGET's ordinary table takes every row SOURCE's partitions take: it has no bounds a row could miss. Its columns, constraints and triggers are judged on their own.",
    };
  }
  if (source.kind === "partition" && target.kind !== "partition" && source.partitionOf && source.partitionBound) {
    const parentName = source.partitionOf;
    const parentSource = context.source.tables.find((t) => relationName(t) === parentName);
    const parentTarget = context.target.tables.find((t) => relationName(t) === parentName);
    if (!parentTarget || parentTarget.kind !== "partitioned") return null;
    const sameKey = parentSource?.partitionKey === parentTarget.partitionKey;
    const bounds = partitionsOf(context.target, parentTarget).map((p) => p.partitionBound ?? "");
    const covered = bounds.length === 0 ? "uncovered" : sameKey ? coverage(source.partitionBound, bounds, numericKey(parentTarget)) : "unknown";
    if (covered === "uncovered") {
      return {
        severity: "breaking",
        why: `In TARGET it is no partition of ${parentName}, and no partition of ${parentName} there (nor a DEFAULT one) takes rows ${source.partitionBound}: INSERTs into ${parentName} with such keys fail with "no partition of relation found for row".`,
      };
    }
    if (covered === "unknown") {
      return {
        severity: "risky",
        why: `In TARGET it is no partition of ${parentName}; whether another partition there takes rows ${source.partitionBound} cannot be proven from the bounds, so INSERTs into ${parentName} with such keys may fail.`,
      };
    }
    return { severity: "risky", why: `In TARGET it is no partition of ${parentName}; rows ${source.partitionBound} go to another partition there, which may treat them differently.` };
  }
  return null;
}

export const tableKindChanged: RuleDefinition = {
  id: "table-kind-changed",
  description: "A table is of a different kind (ordinary, partitioned, partition, foreign) in TARGET.",
  reads: ["tables"],
  defaultSeverity: "breaking",
  check: (context) =>
    context
      .tables()
      .filter(isBoth)
      .filter(({ source, target }) => source.kind !== target.kind)
      .map(({ source, target }) => {
        const judged = judgeKind(context, source, target);
        return {
          objectKind: "table",
          object: relationName(source),
          severity: judged?.severity ?? "risky",
          message: `Table ${relationName(source)} is ${article(target.kind)} ${target.kind} table in TARGET, ${article(source.kind)} ${source.kind} table in SOURCE.`,
          why: judged?.why ?? WHY[target.kind] ?? "The table's kind differs.",
          source: source.kind,
          target: target.kind,
        } as const;
      }),
};

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a";
}
