import { quoteIdent } from "../model/identifiers.js";
import type { DocumentError } from "../../../schemas/document-error.js";

/**
 * How scanned rows are identified in a report. A primary key is the stable answer; without one, the
 * physical location (ctid) is the best PostgreSQL offers, and it changes when the row is updated; a
 * view has neither, so its rows are numbered in scan order.
 */
export type RowKeyKind = "primary-key" | "ctid" | "position";

export interface InvalidRow {
  /** Key column name to its value as PostgreSQL prints it (text), null for a NULL key part. */
  readonly key: Readonly<Record<string, string | null>>;
  readonly errors: readonly DocumentError[];
}

export interface ScanProgress {
  readonly rows: number;
  readonly invalid: number;
  /** The planner's estimate of the table's rows, -1 when unknown: for a percentage, never for a verdict. */
  readonly estimatedRows: number;
}

export interface ScanSummary {
  /** The table as printed in messages, e.g. public."Weird; Table". */
  readonly table: string;
  /** The json/jsonb column validated, or null when each whole row was the document. */
  readonly column: string | null;
  readonly keyKind: RowKeyKind;
  readonly keyColumns: readonly string[];
  readonly rows: number;
  readonly valid: number;
  readonly invalid: number;
  /** Invalid rows handed to onInvalid: at most the error limit. */
  readonly listed: number;
  readonly elapsedMs: number;
}

/** `id=42`, `(tenant, id)=(acme, 7)`, `ctid=(0,1)`; NULL prints as NULL. */
export function rowKeyText(key: InvalidRow["key"]): string {
  const columns = Object.keys(key);
  const values = columns.map((n) => key[n] ?? "NULL");
  const names = columns.map(quoteIdent);
  if (names.length === 1) return `${names[0]}=${values[0]}`;
  return `(${names.join(", ")})=(${values.join(", ")})`;
}
