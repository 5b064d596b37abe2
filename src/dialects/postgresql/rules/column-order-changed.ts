import type { RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";
import { quoteIdent } from "../model/identifiers.js";

export const columnOrderChanged: RuleDefinition = {
  id: "column-order-changed",
  description: "Columns present on both sides are in a different order.",
  reads: ["tables"],
  defaultSeverity: "risky",
  check: (context) =>
    context
      .changed(context.tables())
      .filter(isBoth)
      .filter(({ source }) => source.partitionOf === null)
      .flatMap(({ source, target }) => {
        // Only the relative order of shared columns matters: a missing or extra column is reported on its own.
        const targetNames = new Set(target.columns.map((c) => c.name));
        const sourceNames = new Set(source.columns.map((c) => c.name));
        const inSource = [...source.columns].sort((a, b) => a.position - b.position).map((c) => c.name).filter((n) => targetNames.has(n));
        const inTarget = [...target.columns].sort((a, b) => a.position - b.position).map((c) => c.name).filter((n) => sourceNames.has(n));
        if (inSource.join("\u0000") === inTarget.join("\u0000")) return [];
        const show = (names: string[]) => `(${names.map(quoteIdent).join(", ")})`;
        return [
          {
            objectKind: "table",
            object: relationName(source),
            message: `Columns of ${relationName(source)} are in a different order in TARGET.`,
            why: "An INSERT without a column list (or COPY without one) puts values in the wrong columns: it fails on type mismatch or stores data in the wrong place.",
            source: show(inSource),
            target: show(inTarget),
            hint: "Name the columns in every INSERT and COPY; PostgreSQL cannot reorder columns in place.",
          },
        ];
      }),
};
