import type { RuleDefinition } from "../judge/rule-definition.js";
import { relationName, routineName } from "../judge/object-names.js";

export const routineExtra: RuleDefinition = {
  id: "routine-extra",
  description: "A function or procedure exists only in TARGET (risky when it adds an overload of a routine SOURCE has).",
  reads: ["routines"],
  defaultSeverity: "risky",
  check: (context) => {
    const sourceNames = new Set(context.source.routines.map((r) => relationName(r)));
    return context.routines().flatMap(({ source, target }) => {
      if (!target || source) return [];
      const name = routineName(target);
      const overload = sourceNames.has(relationName(target));
      return [
        {
          objectKind: target.kind === "procedure" ? "procedure" : "function",
          object: name,
          severity: overload ? "risky" : "info",
          message: `${target.kind === "procedure" ? "Procedure" : "Function"} ${name} exists only in TARGET.`,
          why: overload
            ? "It overloads a routine SOURCE calls: calls with untyped or differently typed arguments may resolve to it or fail as ambiguous."
            : "Writes validated in SOURCE never call it.",
          target: `${target.language} ${target.kind} returning ${target.result ?? "nothing"}`,
          hint: `DROP ${target.kind === "procedure" ? "PROCEDURE" : "FUNCTION"} ${name};`,
        } as const,
      ];
    });
  },
};
