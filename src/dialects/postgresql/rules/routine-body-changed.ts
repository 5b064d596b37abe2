import type { RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { routineName } from "../judge/object-names.js";
import { routineReferences } from "../judge/routine-references.js";
import { unifiedDiff } from "../../../diff/text-diff.js";

export const routineBodyChanged: RuleDefinition = {
  id: "routine-body-changed",
  description: "A function or procedure body differs (shown as a unified diff).",
  reads: ["routines"],
  defaultSeverity: "risky",
  check: (context) =>
    context
      .routines()
      .filter(isBoth)
      .filter(({ source, target }) => source.bodyHash !== target.bodyHash || source.body !== target.body)
      .map(({ source, target }) => {
        const name = routineName(source);
        const uses = routineReferences(context.target, target);
        return {
          objectKind: source.kind === "procedure" ? "procedure" : "function",
          object: name,
          message: `The body of ${name} differs in TARGET.`,
          why:
            uses.length > 0
              ? `Writes run it (${uses.slice(0, 5).join("; ")}): they may compute other values or raise errors SOURCE never raised.`
              : "Writes that call it may compute other values or raise errors SOURCE never raised.",
          source: source.bodyHash,
          target: target.bodyHash,
          diff: unifiedDiff(name, source.body, target.body),
          hint: `Replace it in TARGET with SOURCE's definition (SELECT pg_get_functiondef('${name.replaceAll("'", "''")}'::regprocedure) in SOURCE).`,
        };
      }),
};
