import type { Finding } from "../model/finding.js";
import type { Reporter } from "./reporter.js";
import { memberLines, pairTitle, plural, sideDescription, summaryLine, thresholdNote, verdict, waivedNote, waiverName } from "./report-text.js";

type Level = "error" | "warning" | "notice";

/**
 * GitHub shows at most 10 error and 10 warning annotations per step (and 50 per job); the rest are
 * dropped without a word. So driftgate annotates at most this many of each level and says how many more
 * there are, and the verdict is printed as plain text too.
 */
export const ANNOTATIONS_PER_LEVEL = 10;

type Line = { readonly plain: string } | { readonly level: Level; readonly text: string; readonly first?: boolean };

/**
 * GitHub Actions workflow commands: one annotation per finding (error for breaking, warning for risky,
 * notice for info and waived), so the run's summary page lists them without anyone opening the log.
 * Findings come worst first, so the capped annotations are the ones that block; a store that could not be
 * read is annotated before any finding of its level, whatever the cap.
 */
export const githubReporter: Reporter = (report) => {
  const lines: Line[] = [];
  for (const pair of report.pairs) {
    const where = pairTitle(pair);
    // Plain log lines: which stores this run compared, even when nothing was found to annotate.
    lines.push({ plain: `driftgate ${report.command}: SOURCE ${sideDescription(pair.source)} -> TARGET ${sideDescription(pair.target)}` });
    if (pair.error) {
      lines.push({ level: "error", first: true, text: command("error", `driftgate: ${where} not compared`, `${pair.error.message}\nA store that cannot be read blocks the deploy.`) });
      continue;
    }
    for (const finding of pair.findings) lines.push(annotate(finding, where));
  }
  for (const entry of report.waivers.expired) {
    lines.push({ level: "warning", text: command("warning", "driftgate: waiver expired", `${waiverName(entry.waiver)} (owner ${entry.waiver.owner}) expired on ${entry.waiver.expires}; it no longer waives anything.`) });
  }
  for (const waiver of report.waivers.unused) {
    lines.push({ level: "notice", text: command("notice", "driftgate: unused waiver", `${waiverName(waiver)} (owner ${waiver.owner}) matches no finding; remove it.`) });
  }
  const out = capped(lines);
  out.push(summaryLine(report.summary), `${verdict(report)}${thresholdNote(report)}`);
  return `${out.join("\n")}\n`;
};

/** The lines to print: annotations past each level's cap left out, and one notice saying how many. */
function capped(lines: readonly Line[]): string[] {
  const total: Record<Level, number> = { error: 0, warning: 0, notice: 0 };
  for (const line of lines) if ("level" in line) total[line.level]++;
  const budget: Record<Level, number> = { error: ANNOTATIONS_PER_LEVEL, warning: ANNOTATIONS_PER_LEVEL, notice: ANNOTATIONS_PER_LEVEL };
  const over = (level: Level) => Math.max(0, total[level] - budget[level]);
  // The summary is a notice itself: when anything is left out, keep one notice's room for it.
  if (over("error") + over("warning") + over("notice") > 0) budget.notice--;
  const used: Record<Level, number> = { error: 0, warning: 0, notice: 0 };
  for (const line of lines) if ("level" in line && line.first) used[line.level]++;
  const out: string[] = [];
  for (const line of lines) {
    if ("plain" in line) out.push(line.plain);
    else if (line.first) out.push(line.text);
    else if (used[line.level] < budget[line.level]) {
      used[line.level]++;
      out.push(line.text);
    }
  }
  const left: Record<Level, number> = { error: total.error - used.error, warning: total.warning - used.warning, notice: total.notice - used.notice };
  const omitted = left.error + left.warning + left.notice;
  if (omitted > 0) {
    const parts = [plural(left.error, "error"), plural(left.warning, "warning"), plural(left.notice, "notice")].filter((p) => !p.startsWith("0 "));
    const text = `${plural(omitted, "more annotation")} not shown (${parts.join(", ")}): GitHub shows only the first ${ANNOTATIONS_PER_LEVEL} of each kind per step. The full report (--format text, markdown or json) lists every finding.`;
    out.push(command("notice", `driftgate: ${omitted} more not annotated`, text), `driftgate: ${text}`);
  }
  return out;
}

function annotate(finding: Finding, where: string): Line {
  const level = finding.waived ? "notice" : finding.severity === "breaking" ? "error" : finding.severity === "risky" ? "warning" : "notice";
  const lines = [finding.message, `SOURCE: ${finding.source ?? "(absent)"}`, `TARGET: ${finding.target ?? "(absent)"}`, `Why: ${finding.why}`];
  for (const members of memberLines(finding, 5)) lines.push(`Holds ${members}`);
  if (finding.hint) lines.push(`Fix: ${finding.hint}`);
  if (finding.waived) lines.push(waivedNote(finding.waived));
  const title = `driftgate ${finding.waived ? "waived" : finding.severity}: ${finding.object} (${finding.rule}, ${where})`;
  return { level, text: command(level, title, lines.join("\n"), finding.file, finding.line) };
}

function command(level: Level, title: string, message: string, file?: string, line?: number): string {
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
