import type { Finding } from "../model/finding.js";
import type { SchemaCatalog } from "./schema-catalog.js";

/** How a write schema is fitted to a table, whatever the dialect that reads the table's shape. */
export interface FitOptions {
  /** Write the whole document into this json/jsonb column instead of one property per column. */
  readonly column?: string | null;
  /** Schemas that `$ref`s in the write schema may point to. */
  readonly catalog?: SchemaCatalog;
}

/** Whether every document a write schema allows is accepted by one table (`driftgate fit`, check's write-schema fit). */
export interface FitReport {
  /** The write schema's `$id` (or file URL). */
  readonly schema: string;
  /** The table, qualified and quoted as its database prints it. */
  readonly table: string;
  readonly column: string | null;
  /** snapshot.origin.label: where the table's definition came from (redacted). */
  readonly store: string;
  /** No breaking finding: every document valid under the schema is accepted by the table's shape. */
  readonly fits: boolean;
  /**
   * Every way a valid document can be rejected: breaking when driftgate has an example or a proof, risky
   * when it cannot decide (CHECK, trigger, domain check, unprovable keyword), info for what does not reject
   * (rounding, data-dependent constraints). In Finding terms, `source` is the schema side, `target` the table.
   */
  readonly findings: readonly Finding[];
  /** What the table accepts, as a draft-07 JSON Schema (the half of it JSON Schema can say). */
  readonly tableSchema: unknown;
}
