import type { RuleDefinition } from "../rule-definition.js";
import { isBoth } from "../match-by-key.js";
import { relationName } from "../object-names.js";

const WHY: Record<string, string> = {
  partitioned: "TARGET routes rows to partitions: a row no partition accepts is rejected.",
  foreign: "TARGET stores rows on a foreign server: writes depend on that server and its own constraints.",
  partition: "TARGET's table is a partition: rows outside its bounds are rejected.",
  ordinary: "TARGET is an ordinary table: writes behave differently from SOURCE's table.",
};

export const tableKindChanged: RuleDefinition = {
  id: "table-kind-changed",
  description: "A table is of a different kind (ordinary, partitioned, partition, foreign) in TARGET.",
  reads: ["tables"],
  defaultSeverity: "risky",
  check: (context) =>
    context
      .tables()
      .filter(isBoth)
      .filter(({ source, target }) => source.kind !== target.kind)
      .map(({ source, target }) => ({
        objectKind: "table",
        object: relationName(source),
        message: `Table ${relationName(source)} is ${article(target.kind)} ${target.kind} table in TARGET, ${article(source.kind)} ${source.kind} table in SOURCE.`,
        why: WHY[target.kind] ?? "The table's kind differs.",
        source: source.kind,
        target: target.kind,
      })),
};

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a";
}
