import type { Routine } from "../model/snapshot.js";
import type { RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { routineName } from "../judge/object-names.js";

/** The attributes of a routine other than its body that change what a call does or whose rights it runs with. */
function traits(r: Routine): string[] {
  return [
    `kind ${r.kind}`,
    `returns ${r.result ?? "nothing"}`,
    `language ${r.language}`,
    r.volatility,
    r.strict ? "strict" : "called on null input",
    r.securityDefiner ? "security definer" : "security invoker",
    ...(r.config.length > 0 ? [`SET ${[...r.config].sort().join(", ")}`] : []),
  ];
}

export const routineChanged: RuleDefinition = {
  id: "routine-changed",
  description: "A routine's result type, language, volatility, strictness, SECURITY DEFINER or SET configuration differs.",
  reads: ["routines"],
  defaultSeverity: "risky",
  check: (context) =>
    context
      .changed(context.routines())
      .filter(isBoth)
      .flatMap(({ source, target }) => {
        const s = traits(source);
        const t = traits(target);
        if (s.join("|") === t.join("|")) return [];
        const name = routineName(source);
        const differing = t.filter((x) => !s.includes(x));
        return [
          {
            objectKind: source.kind === "procedure" ? "procedure" : "function",
            object: name,
            message: `${name} differs in TARGET: ${differing.join(", ")}.`,
            why: "SECURITY DEFINER and SET clauses change whose privileges and which search_path a call runs with; strictness, volatility and result type change what it returns: writes through it may fail.",
            source: s.join(", "),
            target: t.join(", "),
            hint: `ALTER ${source.kind === "procedure" ? "PROCEDURE" : "FUNCTION"} ${name} ${source.securityDefiner ? "SECURITY DEFINER" : "SECURITY INVOKER"} ${source.volatility.toUpperCase()}${target.config.length > 0 ? " RESET ALL" : ""}${source.config.map((c) => ` SET ${c.replace("=", " = ")}`).join("")};`,
          },
        ];
      }),
};
