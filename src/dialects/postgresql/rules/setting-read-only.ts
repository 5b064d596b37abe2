import type { RuleDefinition } from "../judge/rule-definition.js";
import { settingFindings } from "../judge/setting-findings.js";

export const settingReadOnly: RuleDefinition = {
  id: "setting-read-only",
  description: "The setting default_transaction_read_only is on in TARGET only (server, database or role level): every write fails.",
  reads: ["settings", "roleSettings"],
  defaultSeverity: "breaking",
  check: (context) => settingFindings(context, "setting-read-only"),
};
