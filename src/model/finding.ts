/**
 * A finding is one judged difference between SOURCE (where writes were validated, e.g. test) and TARGET
 * (about to receive the deploy, e.g. prod). Its severity answers one question: would a write that
 * succeeds in SOURCE fail in TARGET?
 */
export type Severity = "breaking" | "risky" | "info";

/** Most severe first: the order reports group by and thresholds compare with. */
export const SEVERITIES: readonly Severity[] = ["breaking", "risky", "info"];

export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

export interface Waiver {
  readonly rule: string;
  /** Glob over the finding's object, e.g. "public.audit_*" ("*" matches any run of characters). */
  readonly object: string;
  readonly reason: string;
  readonly owner: string;
  /** ISO date (YYYY-MM-DD); the waiver stops waiving after this day. */
  readonly expires: string;
}

/**
 * Objects of one kind inside a whole missing schema or table ("table": its names), listed in that one
 * finding instead of each getting its own: a missing schema of 3 000 tables is one finding, not 6 000.
 */
export interface MemberList {
  /** Singular, as findings' objectKind: "table", "column", "sequence", "index", ... */
  readonly kind: string;
  /** Sorted, named as their own findings would name them. */
  readonly names: readonly string[];
}

export interface Finding {
  /** Stable across runs for the same finding: derived from rule, object and detail, never from order. */
  readonly id: string;
  /** Rule id, kebab-case, e.g. "column-missing". */
  readonly rule: string;
  readonly severity: Severity;
  /** What kind of object: "table", "column", "constraint", "setting", "privilege", ... */
  readonly objectKind: string;
  /** Where: fully qualified, identifiers quoted as PostgreSQL would print them, e.g. public."Weird Table".id */
  readonly object: string;
  /** What differs, one sentence. */
  readonly message: string;
  /** Why a write that succeeds in SOURCE fails (or may fail) in TARGET; for info, why it does not matter. */
  readonly why: string;
  /** The value in SOURCE, as text; absent when the object does not exist there. */
  readonly source?: string;
  /** The value in TARGET, as text; absent when the object does not exist there. */
  readonly target?: string;
  /** Unified diff of a changed definition (view, function body, CHECK, policy expression). */
  readonly diff?: string;
  /** How to fix: the SQL that would align TARGET with SOURCE, where one exists. */
  readonly hint?: string;
  /**
   * The file in the repository the finding comes from (a write schema, an app-config or environment
   * file), relative to where driftgate ran: CI annotations and SARIF point at it.
   */
  readonly file?: string;
  /** The line in `file` (1-based) the finding points at, where one is known (a migration's statement). */
  readonly line?: number;
  /** For a finding about a whole missing schema or table: what it holds, by kind. */
  readonly members?: readonly MemberList[];
  /** Set when a waiver matched: the finding is reported but does not block. */
  readonly waived?: Waiver;
}
