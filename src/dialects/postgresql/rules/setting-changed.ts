import type { RuleDefinition } from "../judge/rule-definition.js";
import { settingFindings } from "../judge/setting-findings.js";

export const settingChanged: RuleDefinition = {
  id: "setting-changed",
  description: "Any other server, database or role setting differs.",
  reads: ["settings", "roleSettings"],
  defaultSeverity: "info",
  check: (context) => settingFindings(context, "setting-changed"),
};
