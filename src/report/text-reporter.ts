import type { CheckReport, PairReport } from "../model/check-report.js";
import { SEVERITIES, type Finding, type Severity } from "../model/finding.js";
import { createColors } from "picocolors";
import type { Reporter, ReporterOptions } from "./reporter.js";
import { memberLines, pairTitle, plural, sideDescription, summaryLine, thresholdNote, verdict, waivedNote, waiverName } from "./report-text.js";

type Style = "red" | "green" | "yellow" | "cyan" | "dim" | "bold";
type Paint = (style: Style, text: string) => string;

const SEVERITY_STYLE: Record<Severity, Style> = { breaking: "red", risky: "yellow", info: "cyan" };

/**
 * For a human in a terminal or a CI log: grouped by severity, each breaking/risky finding spelled out
 * (what, where, SOURCE vs TARGET, why writes break, the fix, the diff), info kept to one line each so it
 * never buries what blocks, and the verdict last where the eye lands.
 */
export const textReporter: Reporter = (report, options) => {
  // The caller decided whether colour is wanted (NO_COLOR, FORCE_COLOR, TERM, a terminal); picocolors
  // only supplies the escape codes, so the decision is never made twice.
  const colors = createColors(options.color);
  const paint: Paint = (style, text) => colors[style](text);
  const out: string[] = [];
  for (const pair of report.pairs) out.push(...renderPair(pair, report, paint, options));
  out.push(...renderWaivers(report, paint));
  out.push(summaryLine(report.summary));
  const line = `${verdict(report)}${thresholdNote(report)}`;
  out.push(report.command === "diff" ? line : paint("bold", paint(report.blocked ? "red" : "green", line)));
  return `${out.join("\n")}\n`;
};

function renderPair(pair: PairReport, report: CheckReport, paint: Paint, options: ReporterOptions): string[] {
  const out = [
    paint("bold", `driftgate ${report.command}: ${pairTitle(pair)}`),
    `  SOURCE  ${sideDescription(pair.source)}`,
    `  TARGET  ${sideDescription(pair.target)}`,
    "",
  ];
  if (pair.error) {
    out.push(paint("red", `  not compared: ${pair.error.message}`), "  (a store that cannot be read blocks the deploy: driftgate fails closed)", "");
    return out;
  }
  const active = pair.findings.filter((f) => f.waived === undefined);
  if (pair.findings.length === 0) out.push("  no differences", "");
  for (const severity of SEVERITIES) {
    const group = active.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    out.push(paint(SEVERITY_STYLE[severity], paint("bold", `${severity.toUpperCase()} (${group.length})`)), "");
    // Info is one entry per line block with no gaps, so a long tail of harmless differences stays compact.
    const brief = severity === "info" && !options.verbose;
    for (const finding of group) out.push(...(brief ? renderBrief(finding) : [...renderFull(finding, paint), ""]));
    if (brief) out.push("");
  }
  const waived = pair.findings.filter((f) => f.waived !== undefined);
  if (waived.length > 0) {
    out.push(paint("bold", `WAIVED (${waived.length})`), "");
    // Accepted differences: what and by whom is enough; the values are in the JSON report.
    for (const finding of waived) out.push(renderBrief(finding)[0]!, `      ${waivedNote(finding.waived!)}`);
    out.push("");
  }
  if (report.pairs.length > 1) out.push(`  ${pairTitle(pair)}: ${summaryLine(pair.summary)}`, "");
  return out;
}

function renderFull(finding: Finding, paint: Paint): string[] {
  const out = [`  ${paint("bold", finding.object)}  (${finding.objectKind}, ${finding.severity})`, ...field("what", finding.message)];
  out.push(...field("SOURCE", finding.source ?? "(absent)"), ...field("TARGET", finding.target ?? "(absent)"));
  out.push(...field("why", finding.why));
  const members = memberLines(finding);
  if (members.length > 0) out.push(...field("holds", members.join("\n")));
  if (finding.hint) out.push(...field("fix", finding.hint));
  if (finding.diff) {
    out.push("    diff:");
    for (const line of finding.diff.replace(/\n$/, "").split("\n")) {
      const styled = line.startsWith("+") && !line.startsWith("+++") ? paint("green", line) : line.startsWith("-") && !line.startsWith("---") ? paint("red", line) : line;
      out.push(`      ${styled}`);
    }
  }
  out.push(paint("dim", `    rule ${finding.rule}, id ${finding.id}`));
  return out;
}

function renderBrief(finding: Finding): string[] {
  const out = [`  ${finding.object}: ${finding.message} [${finding.rule}, ${finding.severity}]`];
  if (finding.source !== undefined || finding.target !== undefined) {
    out.push(`      SOURCE ${oneLine(finding.source ?? "(absent)")} | TARGET ${oneLine(finding.target ?? "(absent)")}`);
  }
  for (const line of memberLines(finding, 5)) out.push(`      holds ${line}`);
  return out;
}

/** A labelled field; continuation lines of multi-line values stay under the value, not the label. */
function field(label: string, value: string): string[] {
  const pad = `    ${label.padEnd(7)} `;
  const lines = value.replace(/\n$/, "").split("\n");
  return lines.map((line, index) => (index === 0 ? pad : " ".repeat(pad.length)) + line);
}

function oneLine(value: string): string {
  const flat = value.replace(/\s*\n\s*/g, " ");
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

function renderWaivers(report: CheckReport, paint: Paint): string[] {
  const { expired, unused } = report.waivers;
  if (expired.length === 0 && unused.length === 0) return [];
  const out = [paint("bold", "WAIVERS"), ""];
  for (const entry of expired) {
    const effect = entry.matches.length === 0 ? "it matches nothing now either; remove it" : `${plural(entry.matches.length, "finding")} it matched ${entry.matches.length === 1 ? "counts" : "count"} again`;
    out.push(paint("yellow", `  expired ${entry.waiver.expires}: ${waiverName(entry.waiver)} (owner ${entry.waiver.owner}): no longer waives; ${effect}`));
  }
  for (const waiver of unused) {
    out.push(`  unused: ${waiverName(waiver)} (owner ${waiver.owner}, expires ${waiver.expires}) matches no finding; remove it to keep the file honest`);
  }
  out.push("");
  return out;
}
