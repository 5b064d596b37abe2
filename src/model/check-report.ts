import type { Finding, Severity, Waiver } from "./finding.js";

/**
 * The result of `driftgate check` / `driftgate diff`: plain data that every reporter renders and the CLI
 * turns into one exit code. Built by src/gate, never by a reporter, so all formats agree on the verdict.
 */

/** Bumped whenever the JSON report's shape or meaning changes (schemas/check-report.schema.json). */
export const CHECK_REPORT_VERSION = 1;

/** The lowest severity that blocks; "never" reports without gating. */
export type FailOn = Severity | "never";
export const FAIL_ON_VALUES: readonly FailOn[] = ["breaking", "risky", "info", "never"];

export interface ReportSide {
  /** The environment name when the store was named by one, else null. */
  readonly environment: string | null;
  /** Where the snapshot came from, always redacted. */
  readonly label: string;
  /** The snapshot's content fingerprint; null when the store could not be read. */
  readonly fingerprint: string | null;
}

/** Counts of findings that still count (not waived) by severity, plus how many were waived. */
export interface ReportSummary {
  readonly breaking: number;
  readonly risky: number;
  readonly info: number;
  readonly waived: number;
}

/** Why a pair produced no findings at all: one of its stores could not be read (fail closed). */
export interface PairError {
  /** 2 = bad input (environment file, snapshot file), 3 = the store could not be read. */
  readonly exitCode: 2 | 3;
  readonly message: string;
}

/** A finding as the gate left it in a report: with the decision whether it blocks, made once. */
export interface ReportFinding extends Finding {
  /**
   * true when it stops the deploy on its own: `check`, not waived, at or above the threshold. Always
   * false for `diff`, which never gates. Reporters render this; none of them decides it again.
   */
  readonly blocking: boolean;
}

export interface PairReport {
  readonly source: ReportSide;
  readonly target: ReportSide;
  /** Most severe first, then by object, rule and id: the same order on every run. */
  readonly findings: readonly ReportFinding[];
  readonly summary: ReportSummary;
  /** true when an unwaived finding is at or above the threshold, or the pair could not be judged. */
  readonly blocked: boolean;
  readonly error?: PairError;
}

export interface ExpiredWaiver {
  readonly waiver: Waiver;
  /** Ids of the findings it would still match: these now count again. */
  readonly matches: readonly string[];
}

export interface WaiverOutcome {
  /** Past their expiry date: they no longer waive anything. */
  readonly expired: readonly ExpiredWaiver[];
  /** In date but matching no finding in any pair: candidates for removal. */
  readonly unused: readonly Waiver[];
}

export interface CheckReport {
  readonly version: typeof CHECK_REPORT_VERSION;
  /** "diff" reports the same findings but never gates. */
  readonly command: "check" | "diff";
  readonly failOn: FailOn;
  readonly pairs: readonly PairReport[];
  readonly waivers: WaiverOutcome;
  /** Summed over every pair. */
  readonly summary: ReportSummary;
  /** true when any pair is blocked; always false for "diff". */
  readonly blocked: boolean;
}
