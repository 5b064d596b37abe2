import type { RuleDefinition } from "../judge/rule-definition.js";
import { settingFindings } from "../judge/setting-findings.js";

export const settingWriteSemanticsChanged: RuleDefinition = {
  id: "setting-write-semantics-changed",
  description: "A setting that changes how writes are parsed, checked or committed differs (session_replication_role, default_transaction_isolation, row_security, TimeZone, DateStyle, ...).",
  reads: ["settings", "roleSettings"],
  defaultSeverity: "risky",
  check: (context) => settingFindings(context, "setting-write-semantics-changed"),
};
