import type { CheckReport, PairReport, ReportSide, ReportSummary } from "../model/check-report.js";
import { SEVERITIES, type Finding, type Waiver } from "../model/finding.js";

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

/** "3 tables", "2 indexes", "1 policy": the kinds members come in, counted. */
export function countOf(count: number, kind: string): string {
  if (count === 1 || kind.endsWith("s")) return `${count} ${kind}`;
  if (kind.endsWith("x")) return `${count} ${kind}es`;
  if (/[^aeiou]y$/.test(kind)) return `${count} ${kind.slice(0, -1)}ies`;
  return `${count} ${kind}s`;
}

/**
 * What a whole missing schema or table holds, one line per kind, the first `shown` names and then a
 * count: "3000 tables: app.t0001, app.t0002, ... and 2990 more". The JSON report lists every name.
 */
export function memberLines(finding: Finding, shown = 10): string[] {
  return (finding.members ?? []).map((m) => {
    const more = m.names.length - shown;
    return `${countOf(m.names.length, m.kind)}: ${m.names.slice(0, shown).join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
  });
}
