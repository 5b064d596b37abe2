import type { CheckReport, PairReport } from "../model/check-report.js";
import { SEVERITIES, type Finding } from "../model/finding.js";
import type { Reporter } from "./reporter.js";
import { countOf, pairTitle, sideDescription, summaryLine, thresholdNote, verdict, waivedNote, waiverName } from "./report-text.js";

/**
 * For pull-request comments and $GITHUB_STEP_SUMMARY: verdict first (that is what a reviewer scans for),
 * a summary table, then each finding with its fix; long values and diffs fold into <details>.
 */
export const markdownReporter: Reporter = (report) => {
  const out: string[] = [`## driftgate ${report.command}`, "", `**${capitalise(verdict(report))}**${thresholdNote(report)}`, ""];
  out.push("| SOURCE → TARGET | breaking | risky | info | waived |", "|---|---:|---:|---:|---:|");
  for (const pair of report.pairs) {
    const s = pair.summary;
    const title = pair.error ? `${pairTitle(pair)} (not compared)` : pairTitle(pair);
    out.push(`| ${cell(title)} | ${s.breaking} | ${s.risky} | ${s.info} | ${s.waived} |`);
  }
  out.push("");
  for (const pair of report.pairs) out.push(...renderPair(pair, report.pairs.length > 1));
  const { expired, unused } = report.waivers;
  if (expired.length > 0 || unused.length > 0) {
    out.push("### Waivers", "");
    for (const entry of expired) out.push(`- **expired ${entry.waiver.expires}**: ${code(waiverName(entry.waiver))} (owner ${text(entry.waiver.owner)}) no longer waives; ${entry.matches.length} finding(s) count again`);
    for (const waiver of unused) out.push(`- **unused**: ${code(waiverName(waiver))} (owner ${text(waiver.owner)}) matches no finding; remove it`);
    out.push("");
  }
  out.push(`${summaryLine(report.summary)}`, "");
  return out.join("\n");
};

function renderPair(pair: PairReport, headed: boolean): string[] {
  const out: string[] = [];
  if (headed) out.push(`### ${text(pairTitle(pair))}`, "");
  out.push(`SOURCE: ${code(sideDescription(pair.source))}  `, `TARGET: ${code(sideDescription(pair.target))}`, "");
  if (pair.error) return [...out, `> **Not compared:** ${text(pair.error.message)} (fails closed: the deploy is blocked)`, ""];
  if (pair.findings.length === 0) return [...out, "No differences.", ""];
  for (const severity of SEVERITIES) {
    const group = pair.findings.filter((f) => f.severity === severity && f.waived === undefined);
    if (group.length === 0) continue;
    out.push(`#### ${capitalise(severity)} (${group.length})`, "");
    for (const finding of group) out.push(...renderFinding(finding));
  }
  const waived = pair.findings.filter((f) => f.waived !== undefined);
  if (waived.length > 0) {
    out.push(`#### Waived (${waived.length})`, "");
    for (const finding of waived) out.push(`- ${code(finding.object)}: ${text(finding.message)} (${code(finding.rule)}); ${text(waivedNote(finding.waived!))}`);
    out.push("");
  }
  return out;
}

/** Names shown per kind of member; the JSON report has them all. */
const SHOWN_MEMBERS = 10;

function renderFinding(finding: Finding): string[] {
  const out = [`- **${code(finding.object)}** (${text(finding.objectKind)}, ${code(finding.rule)}): ${text(finding.message)}`];
  out.push(`  - SOURCE: ${value(finding.source)}`, `  - TARGET: ${value(finding.target)}`, `  - Why: ${text(finding.why)}`);
  if (finding.members && finding.members.length > 0) {
    out.push("  - Holds:");
    for (const m of finding.members) {
      const more = m.names.length - SHOWN_MEMBERS;
      out.push(`    - ${countOf(m.names.length, m.kind)}: ${m.names.slice(0, SHOWN_MEMBERS).map(code).join(", ")}${more > 0 ? ` and ${more} more` : ""}`);
    }
  }
  if (finding.hint) out.push(`  - Fix: ${finding.hint.includes("\n") ? "" : code(finding.hint)}`, ...(finding.hint.includes("\n") ? fence(finding.hint, "sql", "    ") : []));
  if (finding.diff) out.push("", "  <details><summary>diff</summary>", "", ...fence(finding.diff, "diff", "  "), "", "  </details>");
  out.push("");
  return out;
}

function value(v: string | undefined): string {
  if (v === undefined) return "_(absent)_";
  return v.includes("\n") || v.length > 200 ? `\n\n${fence(v, "", "    ").join("\n")}\n` : code(v);
}

/** A code span that survives backticks inside the value. */
function code(v: string): string {
  const longest = Math.max(0, ...[...v.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  const pad = v.startsWith("`") || v.endsWith("`") ? " " : "";
  return `${ticks}${pad}${v.replace(/\n/g, " ")}${pad}${ticks}`;
}

function fence(v: string, lang: string, indent: string): string[] {
  const longest = Math.max(2, ...[...v.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  return [`${indent}${ticks}${lang}`, ...v.replace(/\n$/, "").split("\n").map((line) => `${indent}${line}`), `${indent}${ticks}`];
}

/** Plain prose from findings: neutralise the characters markdown would act on, and any HTML tag. */
function text(v: string): string {
  return v.replace(/[\\`*_[\]|]/g, "\\$&").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/\n/g, " ");
}

function cell(v: string): string {
  return text(v);
}

function capitalise(v: string): string {
  return v.charAt(0).toUpperCase() + v.slice(1);
}
