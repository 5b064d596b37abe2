import type { RuleDefinition } from "../judge/rule-definition.js";
import { routineName } from "../judge/object-names.js";
import { routineReferences } from "../judge/routine-references.js";

export const routineMissing: RuleDefinition = {
  id: "routine-missing",
  description: "A function or procedure that exists in SOURCE is missing in TARGET (breaking when a default, trigger, check or policy uses it).",
  reads: ["routines", "tables", "views", "domains"],
  defaultSeverity: "breaking",
  check: (context) =>
    context.routines().flatMap(({ source, target }) => {
      if (!source || target) return [];
      const name = routineName(source);
      const uses = routineReferences(context.source, source);
      return [
        {
          objectKind: source.kind === "procedure" ? "procedure" : "function",
          object: name,
          severity: uses.length > 0 ? "breaking" : "risky",
          message: `${source.kind === "procedure" ? "Procedure" : "Function"} ${name} does not exist in TARGET.`,
          why:
            uses.length > 0
              ? `SOURCE uses it on the write path (${uses.slice(0, 5).join("; ")}${uses.length > 5 ? `; and ${uses.length - 5} more` : ""}): those writes fail in TARGET.`
              : "Writes that call it directly fail in TARGET with \"function does not exist\".",
          source: `${source.language} ${source.kind} returning ${source.result ?? "nothing"}`,
          within: { schema: source.schema },
          hint: `Create it in TARGET from SOURCE's definition (SELECT pg_get_functiondef('${name.replaceAll("'", "''")}'::regprocedure) in SOURCE).`,
        } as const,
      ];
    }),
};
