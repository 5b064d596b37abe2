import type { DocumentError } from "./document-error.js";

/**
 * What a scan reports, whatever the dialect that read the rows: the engine streams these to the output
 * and sums them up; only the dialect knows how its rows are named (rowKeyText on its scan operations).
 */

/** The engine's default limit on a scan's read (10 min): one scan reads a whole table. */
export const DEFAULT_SCAN_STATEMENT_TIMEOUT_MS = 600_000;

/**
 * How scanned rows are identified in a report. A primary key is the stable answer; without one, the
 * physical location (PostgreSQL's ctid) is the best a store offers, and it changes when the row is
 * updated; a view has neither, so its rows are numbered in scan order.
 */
export type RowKeyKind = "primary-key" | "ctid" | "position";

export interface InvalidRow {
  /** Key column name to its value as the database prints it (text), null for a NULL key part. */
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
