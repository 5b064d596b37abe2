import type { CheckReport, PairReport, ReportSide, ReportSummary } from "../model/check-report.js";
import { SEVERITIES, type Waiver } from "../model/finding.js";

/** Wording shared by the human-readable reporters, so text, markdown, html and github say the same thing. */

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export function sideName(side: ReportSide): string {
  return side.environment ?? side.label;
}

export function sideDescription(side: ReportSide): string {
  return side.environment && side.environment !== side.label ? `${side.environment} (${side.label})` : side.label;
}

export function pairTitle(pair: PairReport): string {
  return `${sideName(pair.source)} -> ${sideName(pair.target)}`;
}

export function summaryLine(summary: ReportSummary): string {
  return `${summary.breaking} breaking, ${summary.risky} risky, ${summary.info} info, ${summary.waived} waived`;
}

/**
 * The one sentence the reader at 2 a.m. needs: is the deploy blocked, and by what. Counts only what
 * blocks at this threshold, so "blocked: 2 breaking findings" never includes info noise.
 */
export function verdict(report: CheckReport): string {
  const unreadable = report.pairs.filter((pair) => pair.error !== undefined).length;
  if (report.command === "diff") {
    // What a check at its default threshold would block: the breaking findings no waiver covers.
    const wouldBlock = report.summary.breaking;
    return `diff only, not gating: ${wouldBlock === 0 ? "nothing breaking" : `${plural(wouldBlock, "breaking finding")} would block a check`}`;
  }
  const reasons: string[] = [];
  for (const severity of SEVERITIES) {
    const count = report.pairs.flatMap((pair) => pair.findings).filter((f) => f.severity === severity && f.blocking).length;
    if (count > 0) reasons.push(plural(count, `${severity} finding`));
  }
  if (unreadable > 0) reasons.push(`${plural(unreadable, "comparison")} could not be made (a store could not be read)`);
  if (reasons.length > 0) return `deploy blocked: ${reasons.join(", ")}`;
  return "no blocking drift";
}

export function thresholdNote(report: CheckReport): string {
  return report.command === "diff" ? "" : report.failOn === "never" ? " (--fail-on never)" : ` (--fail-on ${report.failOn})`;
}

export function waiverName(waiver: Waiver): string {
  return `${waiver.rule} ${waiver.object}`;
}

export function waivedNote(waiver: Waiver): string {
  return `waived until ${waiver.expires} by ${waiver.owner}: ${waiver.reason}`;
}
