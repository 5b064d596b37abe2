import type { RuleDefinition } from "../judge/rule-definition.js";
import { matchByKey } from "../../../diff/match-by-key.js";
import { unifiedDiff } from "../../../diff/text-diff.js";

export const unmodelledObject: RuleDefinition = {
  id: "unmodelled-object",
  description:
    "An object driftgate does not model (rule, event trigger, publication, operator, ...) exists on one side only, or its definition differs: not judged.",
  reads: ["unmodelled"],
  defaultSeverity: "risky",
  check: (context) =>
    matchByKey(context.source.unmodelled, context.target.unmodelled, (u) => `${u.kind}\u0000${u.name}`)
      // Present on both sides with the same definition: as equal as driftgate can tell, and reporting it
      // would break "identical stores give zero findings".
      .filter(({ source, target }) => !source || !target || source.definition !== target.definition)
      .map(({ source, target }) => {
        const u = (source ?? target)!;
        const kind = `${u.kind[0]!.toUpperCase()}${u.kind.slice(1)}`;
        if (source && target) {
          return {
            objectKind: u.kind,
            object: u.name,
            detail: `${u.kind} definition`,
            message: `${kind} ${u.name} is defined differently in TARGET; driftgate does not judge this kind of object.`,
            why: "driftgate does not model this kind of object, so it cannot tell whether the change alters which writes succeed; it is reported so it never passes silently.",
            source: source.definition ?? "(not printable)",
            target: target.definition ?? "(not printable)",
            diff: unifiedDiff(u.name, source.definition ?? "", target.definition ?? ""),
            hint: "Compare it by hand, then align TARGET or waive this finding for this object.",
          };
        }
        return {
          objectKind: u.kind,
          object: u.name,
          detail: u.kind,
          message: `${kind} ${u.name} exists only in ${source ? "SOURCE" : "TARGET"}; driftgate does not judge this kind of object.`,
          why: "driftgate does not model this kind of object, so it cannot tell whether it changes which writes succeed; it is reported so it never passes silently.",
          ...(source ? { source: u.definition ?? "present" } : { target: u.definition ?? "present" }),
          hint: "Compare it by hand, then align TARGET or waive this finding for this object.",
        };
      }),
};
