import type { CheckReport, PairReport } from "../model/check-report.js";
import type { Finding } from "../model/finding.js";
import { catalogueEntry } from "../dialects/rule-catalogue.js";
import type { Reporter } from "./reporter.js";
import { pairTitle, verdict, waivedNote } from "./report-text.js";

/**
 * SARIF 2.1.0 for code-scanning UIs. One run holds every pair's findings; each result names its object as
 * a logical location (drift lives in a database, not in a line of code) and, where the finding comes from
 * a file in the repository (a write schema, an app-config file), that file as its physical location.
 * A pair that could not be compared is a failed invocation with the reason, never an empty run.
 */
export const sarifReporter: Reporter = (report) => {
  const ruleIds = [...new Set(report.pairs.flatMap((pair) => pair.findings.map((f) => f.rule)))].sort();
  const failures = report.pairs.filter((pair) => pair.error);
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "driftgate",
            rules: ruleIds.map((id) => ({
              id,
              shortDescription: { text: catalogueEntry(id)?.description ?? id },
              ...helpOf(id),
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: failures.length === 0,
            toolExecutionNotifications: failures.map((pair) => ({
              level: "error",
              message: { text: `${pairTitle(pair)} not compared: ${pair.error!.message}. A store that cannot be read blocks the deploy.` },
            })),
          },
        ],
        results: report.pairs.flatMap((pair) => pair.findings.map((finding) => result(finding, pair, ruleIds))),
        properties: { command: report.command, failOn: report.failOn, blocked: report.blocked, verdict: verdict(report) },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

function result(finding: Finding, pair: PairReport, ruleIds: readonly string[]): object {
  const text = [finding.message, `SOURCE: ${finding.source ?? "(absent)"}`, `TARGET: ${finding.target ?? "(absent)"}`, `Why: ${finding.why}`];
  if (finding.hint) text.push(`Fix: ${finding.hint}`);
  const file = finding.file;
  return {
    ruleId: finding.rule,
    ruleIndex: ruleIds.indexOf(finding.rule),
    // Waived findings keep their severity's level and carry a suppression, as SARIF consumers expect.
    level: finding.severity === "breaking" ? "error" : finding.severity === "risky" ? "warning" : "note",
    message: { text: `${text.join("\n")}\n(${pairTitle(pair)})` },
    locations: [
      {
        ...(file ? { physicalLocation: { artifactLocation: { uri: file }, region: { startLine: finding.line ?? 1 } } } : {}),
        logicalLocations: [{ fullyQualifiedName: finding.object, kind: finding.objectKind }],
      },
    ],
    partialFingerprints: { driftgateFindingId: finding.id },
    ...(finding.waived ? { suppressions: [{ kind: "external", justification: waivedNote(finding.waived) }] } : {}),
    properties: { severity: finding.severity, source: pair.source.environment ?? pair.source.label, target: pair.target.environment ?? pair.target.label },
  };
}

/** What a write does when the rule fires, for the code-scanning rule view (docs/rules.md has the rest). */
function helpOf(id: string): object {
  const entry = catalogueEntry(id);
  if (!entry) return {};
  return {
    fullDescription: { text: entry.writeEffect },
    properties: { family: entry.family, defaultSeverity: entry.defaultSeverity },
  };
}
