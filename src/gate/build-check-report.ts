import { compareFindings, type SeverityOverride } from "../diff/judge.js";
import {
  CHECK_REPORT_VERSION,
  type CheckReport,
  type FailOn,
  type PairError,
  type PairReport,
  type ReportFinding,
  type ReportSide,
  type ReportSummary,
} from "../model/check-report.js";
import { severityRank, type Finding, type Waiver } from "../model/finding.js";
import { applyWaivers } from "./apply-waivers.js";

/** One SOURCE -> TARGET comparison as the command produced it: judged findings, or why it could not be judged. */
export interface JudgedPair {
  readonly source: ReportSide;
  readonly target: ReportSide;
  readonly findings: readonly Finding[];
  readonly error?: PairError;
}

export interface BuildReportInput {
  readonly command: "check" | "diff";
  readonly failOn: FailOn;
  readonly pairs: readonly JudgedPair[];
  readonly waivers: readonly Waiver[];
  /** YYYY-MM-DD (UTC) used for waiver expiry. */
  readonly today: string;
  /**
   * --severity, per rule id: applied to every finding before waivers, so the findings the gate adds
   * (fit, app-config, probe) are re-rated like judge()'s own. Ids are checked against the catalogue by the caller.
   */
  readonly severity?: Readonly<Record<string, SeverityOverride>>;
}

/**
 * The gate's verdict, decided once here so that every reporter (and the exit code) agrees: waivers
 * applied, findings in a stable order, counts and `blocked` per pair and overall. A pair that could not
 * be judged is blocked: a missing snapshot is never "no drift".
 */
export function buildCheckReport(input: BuildReportInput): CheckReport {
  const overrides = input.severity ?? {};
  const rated = (findings: readonly Finding[]): Finding[] =>
    findings.flatMap((f) => {
      const override = Object.hasOwn(overrides, f.rule) ? overrides[f.rule] : undefined;
      if (override === undefined) return [f];
      return override === "off" ? [] : [{ ...f, severity: override }];
    });
  const waived = applyWaivers(
    input.pairs.map((pair) => rated(pair.findings)),
    input.waivers,
    input.today,
  );
  const gates = input.command === "check";
  const pairs: PairReport[] = input.pairs.map((pair, index) => {
    // Re-sorted because app-config findings are appended after the judge's own, already sorted, ones.
    const findings: ReportFinding[] = [...(waived.pairs[index] ?? [])]
      .sort(compareFindings)
      .map((f) => ({ ...f, blocking: gates && blocks(f, input.failOn) }));
    const blocked = gates && (pair.error !== undefined || findings.some((f) => f.blocking));
    return {
      source: pair.source,
      target: pair.target,
      findings,
      summary: summarise(findings),
      blocked,
      ...(pair.error ? { error: pair.error } : {}),
    };
  });
  return {
    version: CHECK_REPORT_VERSION,
    command: input.command,
    failOn: input.failOn,
    pairs,
    waivers: waived.outcome,
    summary: addSummaries(pairs.map((pair) => pair.summary)),
    blocked: pairs.some((pair) => pair.blocked),
  };
}

/** Whether a finding, on its own, stops the deploy at this threshold. */
export function blocks(finding: Finding, failOn: FailOn): boolean {
  if (finding.waived !== undefined || failOn === "never") return false;
  return severityRank(finding.severity) >= severityRank(failOn);
}

/** Counts by severity, waived findings apart: the one way every report (check, the nightly page) counts. */
export function summarise(findings: readonly Finding[]): ReportSummary {
  const counts = { breaking: 0, risky: 0, info: 0, waived: 0 };
  for (const finding of findings) {
    if (finding.waived !== undefined) counts.waived += 1;
    else counts[finding.severity] += 1;
  }
  return counts;
}

export function addSummaries(summaries: readonly ReportSummary[]): ReportSummary {
  const total = { breaking: 0, risky: 0, info: 0, waived: 0 };
  for (const s of summaries) {
    total.breaking += s.breaking;
    total.risky += s.risky;
    total.info += s.info;
    total.waived += s.waived;
  }
  return total;
}
