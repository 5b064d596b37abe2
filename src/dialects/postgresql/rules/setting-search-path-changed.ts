import type { RuleDefinition } from "../judge/rule-definition.js";
import { settingFindings } from "../judge/setting-findings.js";

export const settingSearchPathChanged: RuleDefinition = {
  id: "setting-search-path-changed",
  description: "The search_path differs: unqualified names resolve differently.",
  reads: ["settings", "roleSettings"],
  defaultSeverity: "risky",
  check: (context) => settingFindings(context, "setting-search-path-changed"),
};
