import type { RuleDefinition } from "../judge/rule-definition.js";
import { changedTriggerPairs } from "../judge/member-pairs.js";

export const triggerMissing: RuleDefinition = {
  id: "trigger-missing",
  description: "A trigger exists only in SOURCE.",
  reads: ["tables", "views"],
  defaultSeverity: "breaking",
  check: (context) =>
    changedTriggerPairs(context)
      .filter((p) => p.source && !p.target)
      .map(({ source, object }) => {
        // A view is only writable through its INSTEAD OF trigger unless PostgreSQL can update it on its own.
        const insteadOf = source!.timing === "instead of";
        const disabled = source!.enabled === "disabled";
        return {
          objectKind: "trigger",
          object,
          severity: disabled ? "info" : insteadOf ? "breaking" : "risky",
          message: `Trigger ${object} does not exist in TARGET (${source!.timing} ${source!.events.join(" or ")}, calls ${source!.function}).`,
          why: disabled
            ? "The trigger is disabled in SOURCE: it never fired for the writes validated there."
            : insteadOf
            ? `Writes to the view relied on this INSTEAD OF trigger: in TARGET they fail unless the view is automatically updatable.`
            : "Whatever the trigger did (fill columns, validate, write elsewhere) does not happen in TARGET; NOT NULL or CHECK constraints it satisfied may then fail.",
          source: source!.definition,
          hint: `${source!.definition};`,
        } as const;
      }),
};
