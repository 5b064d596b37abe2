import type { CheckReport, PairReport, ReportSide, ReportSummary } from "../model/check-report.js";
import type { Finding, Waiver } from "../model/finding.js";
import type { Reporter } from "./reporter.js";

/**
 * The machine-readable report, published as schemas/check-report.schema.json. One pair (the usual case:
 * explicit SOURCE TARGET, or one environment promoting to another) gives the flat document
 * `{ version, source, target, findings, summary, blocked, ... }`; several pairs give
 * `{ version, pairs: [ { source, target, findings, summary, blocked } ], summary, blocked, ... }`.
 * Keys are written in a fixed order so two runs over the same stores produce the same bytes.
 */
export const jsonReporter: Reporter = (report) => `${JSON.stringify(toJsonReport(report), null, 2)}\n`;

export function toJsonReport(report: CheckReport): Record<string, unknown> {
  const head = { version: report.version, tool: "driftgate", command: report.command, failOn: report.failOn };
  const tail = {
    waivers: {
      expired: report.waivers.expired.map((entry) => ({ ...waiverJson(entry.waiver), matches: [...entry.matches] })),
      unused: report.waivers.unused.map(waiverJson),
    },
  };
  const only = report.pairs.length === 1 ? report.pairs[0] : undefined;
  if (only) return { ...head, ...pairJson(only), ...tail };
  return { ...head, pairs: report.pairs.map(pairJson), summary: summaryJson(report.summary), blocked: report.blocked, ...tail };
}

function pairJson(pair: PairReport): Record<string, unknown> {
  return {
    source: sideJson(pair.source),
    target: sideJson(pair.target),
    findings: pair.findings.map(findingJson),
    summary: summaryJson(pair.summary),
    blocked: pair.blocked,
    ...(pair.error ? { error: { exitCode: pair.error.exitCode, message: pair.error.message } } : {}),
  };
}

function sideJson(side: ReportSide): Record<string, unknown> {
  return { environment: side.environment, label: side.label, fingerprint: side.fingerprint };
}

function summaryJson(summary: ReportSummary): Record<string, unknown> {
  return { breaking: summary.breaking, risky: summary.risky, info: summary.info, waived: summary.waived };
}

function findingJson(finding: Finding): Record<string, unknown> {
  return {
    id: finding.id,
    rule: finding.rule,
    severity: finding.severity,
    objectKind: finding.objectKind,
    object: finding.object,
    message: finding.message,
    why: finding.why,
    ...(finding.source !== undefined ? { source: finding.source } : {}),
    ...(finding.target !== undefined ? { target: finding.target } : {}),
    ...(finding.diff !== undefined ? { diff: finding.diff } : {}),
    ...(finding.hint !== undefined ? { hint: finding.hint } : {}),
    ...(finding.file !== undefined ? { file: finding.file } : {}),
    ...(finding.line !== undefined ? { line: finding.line } : {}),
    ...(finding.members !== undefined ? { members: finding.members.map((m) => ({ kind: m.kind, names: [...m.names] })) } : {}),
    ...(finding.waived !== undefined ? { waived: waiverJson(finding.waived) } : {}),
  };
}

function waiverJson(waiver: Waiver): Record<string, unknown> {
  return { rule: waiver.rule, object: waiver.object, reason: waiver.reason, owner: waiver.owner, expires: waiver.expires };
}
