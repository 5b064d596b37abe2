import type { RuleDefinition, FindingDraft } from "../judge/rule-definition.js";
import { changedTriggerPairs } from "../judge/member-pairs.js";
import { relationName } from "../judge/object-names.js";
import { quoteIdent } from "../model/identifiers.js";
import { unifiedDiff } from "../../../diff/text-diff.js";

const ENABLE: Record<string, string> = {
  origin: "ENABLE TRIGGER",
  always: "ENABLE ALWAYS TRIGGER",
  replica: "ENABLE REPLICA TRIGGER",
  disabled: "DISABLE TRIGGER",
};

export const triggerChanged: RuleDefinition = {
  id: "trigger-changed",
  description: "A trigger of the same name fires differently (timing, events, function, condition) or is enabled differently.",
  reads: ["tables", "views"],
  defaultSeverity: "risky",
  check: (context) =>
    changedTriggerPairs(context).flatMap(({ source, target, table, object }): FindingDraft[] => {
      if (!source || !target) return [];
      const out: FindingDraft[] = [];
      if (source.definition !== target.definition) {
        out.push({
          objectKind: "trigger",
          object,
          detail: "definition",
          message: `Trigger ${object} is defined differently in TARGET.`,
          why: "The trigger fires at a different time, for other events, or calls another function: writes may be changed or rejected differently.",
          source: source.definition,
          target: target.definition,
          diff: unifiedDiff(object, source.definition, target.definition),
          hint: `DROP TRIGGER ${quoteIdent(target.name)} ON ${relationName(table.target)}; ${source.definition};`,
        });
      }
      if (source.enabled !== target.enabled) {
        out.push({
          objectKind: "trigger",
          object,
          detail: "enabled",
          message: `Trigger ${object} is ${target.enabled} in TARGET, ${source.enabled} in SOURCE.`,
          why:
            target.enabled === "disabled"
              ? "The trigger does not fire in TARGET: whatever it fills in or checks for SOURCE's writes does not happen."
              : "The trigger fires in TARGET under different conditions than in SOURCE (session_replication_role decides origin vs replica).",
          source: source.enabled,
          target: target.enabled,
          hint: `ALTER TABLE ${relationName(table.target)} ${ENABLE[source.enabled] ?? "ENABLE TRIGGER"} ${quoteIdent(target.name)};`,
        });
      }
      return out;
    }),
};
