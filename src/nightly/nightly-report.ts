import type { CheckReport, FailOn, ReportFinding, ReportSummary } from "../model/check-report.js";
import type { Finding, Waiver } from "../model/finding.js";

/**
 * What `driftgate report` found in one run: plain data that the page, the Markdown summary, report.json
 * (schemas/drift-report.schema.json) and the notification all render, so they cannot disagree.
 */
export const DRIFT_REPORT_VERSION = 1;

export interface DriftReport {
  readonly version: typeof DRIFT_REPORT_VERSION;
  readonly tool: "driftgate";
  readonly toolVersion: string;
  /** ISO time the run started. */
  readonly generatedAt: string;
  readonly runId: string;
  readonly failOn: FailOn;
  readonly environments: readonly EnvironmentStatus[];
  /** Every promotion pair, judged exactly as `check` judges it. */
  readonly pairs: readonly DriftPair[];
  /** Changes since the previous run with no deploy recorded in between: shown first. */
  readonly outOfBand: readonly EnvironmentChange[];
  /** Changes since the previous run that a recorded deploy explains. */
  readonly deployed: readonly EnvironmentChange[];
  readonly fleets: readonly FleetReport[];
  readonly waivers: {
    /** In date, expiring within 14 days of the run. */
    readonly expiringSoon: readonly Waiver[];
    readonly expired: CheckReport["waivers"]["expired"];
    readonly unused: readonly Waiver[];
  };
  /** Finding counts of the kept runs, oldest first, this run last. */
  readonly trend: readonly TrendPoint[];
  readonly summary: DriftSummary;
  readonly blocked: boolean;
  /** 0 clean, 1 blocking drift at --fail-on, 2 bad input in a pair, 3 a store could not be read. */
  readonly exitCode: 0 | 1 | 2 | 3;
}

export interface DriftSummary extends ReportSummary {
  /** Pair findings not present in the previous run. */
  readonly new: number;
  readonly outOfBand: number;
  /** Environments (or fleet stores) that could not be read. */
  readonly unreachable: number;
}

export interface EnvironmentStatus {
  readonly name: string;
  readonly description: string | null;
  readonly promotesTo: string | null;
  /** Redacted: where the store is (a fleet says how many stores). */
  readonly label: string;
  /** The snapshot fingerprint; for a fleet, the majority's. null when nothing could be read. */
  readonly fingerprint: string | null;
  readonly error: string | null;
  /** The previous run that had a snapshot of it, and that snapshot's fingerprint. */
  readonly previousRun: string | null;
  readonly previousFingerprint: string | null;
  readonly stores: readonly StoreStatus[];
}

/** One store of a fleet (a single-store environment lists none). */
export interface StoreStatus {
  readonly shard: string;
  readonly label: string;
  readonly fingerprint: string | null;
  readonly error: string | null;
}

export type DriftFinding = ReportFinding & {
  /** YYYY-MM-DD this finding was first reported for this pair (today when new). */
  readonly firstSeen: string;
  readonly isNew: boolean;
};

export interface DriftPair {
  readonly source: string;
  readonly target: string;
  readonly sourceFingerprint: string | null;
  readonly targetFingerprint: string | null;
  readonly findings: readonly DriftFinding[];
  readonly summary: ReportSummary & { readonly new: number };
  readonly blocked: boolean;
  readonly error: string | null;
}

/** What changed in one environment (or one fleet store) since the previous run: its changelog. */
export interface EnvironmentChange {
  readonly environment: string;
  readonly shard: string | null;
  readonly previousRun: string;
  readonly from: string;
  readonly to: string;
  /** The deploys recorded between the two runs; empty = out of band. */
  readonly deploys: readonly DeployMark[];
  /** judge(previous, current): what a write that worked at the previous run meets now. */
  readonly findings: readonly Finding[];
  readonly summary: ReportSummary;
}

export interface FleetReport {
  readonly environment: string;
  /** Identical stores grouped by fingerprint, biggest group first. */
  readonly groups: readonly { readonly fingerprint: string; readonly shards: readonly string[] }[];
  readonly majority: string | null;
  /** Stores that differ from the majority, with what a write that works on the majority meets there. */
  readonly odd: readonly { readonly shard: string; readonly fingerprint: string; readonly findings: readonly Finding[]; readonly summary: ReportSummary }[];
  readonly unreachable: readonly string[];
}

export interface TrendPoint {
  readonly runId: string;
  readonly at: string;
  readonly breaking: number;
  readonly risky: number;
  readonly info: number;
  readonly unreachable: number;
}

export interface DeployMark {
  readonly environment: string;
  /** ISO time. */
  readonly at: string;
  /** The git ref deployed, when given. */
  readonly ref: string | null;
  /** "report --mark-deploy" or "check --record-deploy". */
  readonly by: string;
}

/** What a run leaves in the history for the next one (history-store.ts: runs/<run>.json). */
export interface RunRecord {
  readonly version: 1;
  readonly runId: string;
  readonly at: string;
  readonly toolVersion: string;
  readonly environments: readonly { readonly name: string; readonly fingerprint: string | null; readonly stores: readonly { readonly shard: string; readonly fingerprint: string | null }[] }[];
  /** Per pair ("source->target"): finding id -> first seen (YYYY-MM-DD). */
  readonly findings: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly trend: TrendPoint;
}

export function pairKey(source: string, target: string): string {
  return `${source}->${target}`;
}
