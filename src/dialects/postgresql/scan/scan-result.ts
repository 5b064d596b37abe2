import { quoteIdent } from "../model/identifiers.js";
import type { InvalidRow } from "../../../schemas/scan-result.js";

// The shapes are the engine's (src/schemas/scan-result.ts); naming a row's key is PostgreSQL's.
export type { InvalidRow, RowKeyKind, ScanProgress, ScanSummary } from "../../../schemas/scan-result.js";

/** `id=42`, `(tenant, id)=(acme, 7)`, `ctid=(0,1)`; NULL prints as NULL. */
export function rowKeyText(key: InvalidRow["key"]): string {
  const columns = Object.keys(key);
  const values = columns.map((n) => key[n] ?? "NULL");
  const names = columns.map(quoteIdent);
  if (names.length === 1) return `${names[0]}=${values[0]}`;
  return `(${names.join(", ")})=(${values.join(", ")})`;
}
