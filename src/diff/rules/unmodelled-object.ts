import type { RuleDefinition } from "../rule-definition.js";
import { matchByKey } from "../match-by-key.js";

export const unmodelledObject: RuleDefinition = {
  id: "unmodelled-object",
  description: "An object driftgate does not model (rule, event trigger, publication, ...) exists on either side: not judged.",
  reads: ["unmodelled"],
  defaultSeverity: "risky",
  check: (context) =>
    matchByKey(context.source.unmodelled, context.target.unmodelled, (u) => `${u.kind}\u0000${u.name}`).map(({ source, target }) => {
      const u = (source ?? target)!;
      const where = source && target ? "on both sides" : source ? "only in SOURCE" : "only in TARGET";
      return {
        objectKind: u.kind,
        object: u.name,
        detail: u.kind,
        message: `${u.kind} ${u.name} exists ${where} and was not judged.`,
        why: "driftgate does not model this kind of object, so it cannot tell whether it changes which writes succeed; it is reported so it never passes silently.",
        ...(source ? { source: "present" } : {}),
        ...(target ? { target: "present" } : {}),
        hint: "Compare it by hand, then waive this finding for this object.",
      };
    }),
};
