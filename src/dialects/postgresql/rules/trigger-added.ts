import type { RuleDefinition } from "../judge/rule-definition.js";
import { changedTriggerPairs } from "../judge/member-pairs.js";
import { relationName } from "../judge/object-names.js";
import { quoteIdent } from "../model/identifiers.js";

export const triggerAdded: RuleDefinition = {
  id: "trigger-added",
  description: "A trigger exists only in TARGET.",
  reads: ["tables", "views"],
  defaultSeverity: "risky",
  check: (context) =>
    changedTriggerPairs(context)
      .filter((p) => p.target && !p.source)
      .map(({ target, table, object }) => {
        const active = target!.enabled !== "disabled";
        return {
          objectKind: "trigger",
          object,
          severity: active ? "risky" : "info",
          message: `Trigger ${object} exists only in TARGET (${target!.timing} ${target!.events.join(" or ")}, calls ${target!.function}).`,
          why: active
            ? "The trigger runs on writes SOURCE validated: it may raise an error, change the row or write elsewhere, depending on data."
            : "The trigger is disabled; it does not fire.",
          target: target!.definition,
          hint: `DROP TRIGGER ${quoteIdent(target!.name)} ON ${relationName(table.target)};`,
        } as const;
      }),
};
