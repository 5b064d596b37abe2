import type { Finding } from "../model/finding.js";
import type { Reporter } from "./reporter.js";
import { pairTitle, sideDescription, summaryLine, thresholdNote, verdict, waivedNote, waiverName } from "./report-text.js";

/**
 * GitHub Actions workflow commands: one annotation per finding (error for breaking, warning for risky,
 * notice for info and waived), so the run's summary page lists them without anyone opening the log.
 * GitHub shows only the first few annotations of each kind, so the verdict is printed as plain text too.
 */
export const githubReporter: Reporter = (report) => {
  const out: string[] = [];
  for (const pair of report.pairs) {
    const where = pairTitle(pair);
    // Plain log lines: which stores this run compared, even when nothing was found to annotate.
    out.push(`driftgate ${report.command}: SOURCE ${sideDescription(pair.source)} -> TARGET ${sideDescription(pair.target)}`);
    if (pair.error) {
      out.push(command("error", `driftgate: ${where} not compared`, `${pair.error.message}\nA store that cannot be read blocks the deploy.`));
      continue;
    }
    for (const finding of pair.findings) out.push(annotate(finding, where));
  }
  for (const entry of report.waivers.expired) {
    out.push(command("warning", "driftgate: waiver expired", `${waiverName(entry.waiver)} (owner ${entry.waiver.owner}) expired on ${entry.waiver.expires}; it no longer waives anything.`));
  }
  for (const waiver of report.waivers.unused) {
    out.push(command("notice", "driftgate: unused waiver", `${waiverName(waiver)} (owner ${waiver.owner}) matches no finding; remove it.`));
  }
  out.push(summaryLine(report.summary), `${verdict(report)}${thresholdNote(report)}`);
  return `${out.join("\n")}\n`;
};

function annotate(finding: Finding, where: string): string {
  const level = finding.waived ? "notice" : finding.severity === "breaking" ? "error" : finding.severity === "risky" ? "warning" : "notice";
  const lines = [finding.message, `SOURCE: ${finding.source ?? "(absent)"}`, `TARGET: ${finding.target ?? "(absent)"}`, `Why: ${finding.why}`];
  if (finding.hint) lines.push(`Fix: ${finding.hint}`);
  if (finding.waived) lines.push(waivedNote(finding.waived));
  const title = `driftgate ${finding.waived ? "waived" : finding.severity}: ${finding.object} (${finding.rule}, ${where})`;
  return command(level, title, lines.join("\n"), finding.file, finding.line);
}

function command(level: "error" | "warning" | "notice", title: string, message: string, file?: string, line?: number): string {
  // file= (and line=) put the annotation on the file in the pull request's diff view, where there is one.
  const where = file ? `file=${escapeProperty(file)},${line ? `line=${line},` : ""}` : "";
  return `::${level} ${where}title=${escapeProperty(title)}::${escapeData(message)}`;
}

// The escapes the Actions runner decodes; anything else would end the command early or split it.
function escapeData(v: string): string {
  return v.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(v: string): string {
  return escapeData(v).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
