import type { RuleDefinition } from "../judge/rule-definition.js";
import { settingFindings } from "../judge/setting-findings.js";

export const settingTimeoutLowered: RuleDefinition = {
  id: "setting-timeout-lowered",
  description: "A timeout (statement_timeout, lock_timeout, idle_in_transaction_session_timeout or transaction_timeout) is lower (non-zero) in TARGET.",
  reads: ["settings", "roleSettings"],
  defaultSeverity: "risky",
  check: (context) => settingFindings(context, "setting-timeout-lowered"),
};
