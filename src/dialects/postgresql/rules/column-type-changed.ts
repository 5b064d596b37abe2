import { columnTypeRule } from "../judge/column-type-rule.js";

export const columnTypeChanged = columnTypeRule({
  id: "column-type-changed",
  description: "A column's type differs in a way that may change or reject values (timestamp vs timestamptz, rounding, json vs jsonb).",
  defaultSeverity: "risky",
  reports: "changed",
});
