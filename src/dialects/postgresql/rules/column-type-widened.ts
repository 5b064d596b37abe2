import { columnTypeRule } from "../judge/column-type-rule.js";

export const columnTypeWidened = columnTypeRule({
  id: "column-type-widened",
  description: "A column's type in TARGET accepts every value SOURCE accepts (int to bigint, varchar(32) to varchar(64)).",
  defaultSeverity: "info",
  reports: "widened",
});
