import type { RuleDefinition } from "../rule-definition.js";
import { matchByKey } from "../match-by-key.js";

export const unmodelledObject: RuleDefinition = {
  id: "unmodelled-object",
  description: "An object driftgate does not model (rule, event trigger, publication, operator, ...) exists on one side only: not judged.",
  reads: ["unmodelled"],
  defaultSeverity: "risky",
  check: (context) =>
    matchByKey(context.source.unmodelled, context.target.unmodelled, (u) => `${u.kind}\u0000${u.name}`)
      // The model holds only kind and name, so one present on both sides is as equal as driftgate can tell;
      // reporting it would break "identical stores give zero findings" on every run.
      .filter(({ source, target }) => !source || !target)
      .map(({ source, target }) => {
        const u = (source ?? target)!;
        return {
          objectKind: u.kind,
          object: u.name,
          detail: u.kind,
          message: `${u.kind[0]!.toUpperCase()}${u.kind.slice(1)} ${u.name} exists only in ${source ? "SOURCE" : "TARGET"}; driftgate does not judge this kind of object.`,
          why: "driftgate does not model this kind of object, so it cannot tell whether it changes which writes succeed; it is reported so it never passes silently.",
          ...(source ? { source: "present" } : { target: "present" }),
          hint: "Compare it by hand, then align TARGET or waive this finding for this object.",
        };
      }),
};
