import { columnTypeRule } from "../judge/column-type-rule.js";

export const columnTypeNarrowed = columnTypeRule({
  id: "column-type-narrowed",
  description: "A column's type in TARGET rejects values SOURCE accepts (narrower length, precision or range, or an incompatible type).",
  defaultSeverity: "breaking",
  reports: "narrowed",
});
