import type { CheckReport, PairReport } from "../model/check-report.js";
import { SEVERITIES, type Finding } from "../model/finding.js";
import type { Reporter } from "./reporter.js";
import { memberLines, pairTitle, sideDescription, summaryLine, thresholdNote, verdict, waivedNote, waiverName } from "./report-text.js";

/**
 * A single self-contained page (inline CSS, no scripts, no external requests) to attach as a CI artifact
 * or publish from the nightly drift job. Every value is escaped: findings carry SQL and user data.
 */
export const htmlReporter: Reporter = (report) => {
  const title = `driftgate ${report.command}: ${report.pairs.map(pairTitle).join(", ")}`;
  const parts = [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${esc(title)}</h1>`,
    `<p class="verdict ${report.blocked ? "blocked" : "ok"}">${esc(verdict(report))}${esc(thresholdNote(report))}</p>`,
    `<p>${esc(summaryLine(report.summary))}</p>`,
    ...report.pairs.map(renderPair),
    renderWaivers(report),
    "</body></html>",
    "",
  ];
  return parts.join("\n");
};

function renderPair(pair: PairReport): string {
  const out = [`<section><h2>${esc(pairTitle(pair))}</h2>`, `<p>SOURCE: <code>${esc(sideDescription(pair.source))}</code><br>TARGET: <code>${esc(sideDescription(pair.target))}</code></p>`];
  if (pair.error) out.push(`<p class="blocked">Not compared: ${esc(pair.error.message)} (fails closed: the deploy is blocked)</p>`);
  else if (pair.findings.length === 0) out.push("<p>No differences.</p>");
  for (const severity of SEVERITIES) {
    const group = pair.findings.filter((f) => f.severity === severity && f.waived === undefined);
    if (group.length > 0) out.push(`<h3 class="${severity}">${severity} (${group.length})</h3>`, ...group.map(renderFinding));
  }
  const waived = pair.findings.filter((f) => f.waived !== undefined);
  if (waived.length > 0) out.push(`<h3>waived (${waived.length})</h3>`, ...waived.map(renderFinding));
  out.push(`<p>${esc(summaryLine(pair.summary))}</p></section>`);
  return out.join("\n");
}

function renderFinding(finding: Finding): string {
  const rows: [string, string][] = [
    ["SOURCE", pre(finding.source ?? "(absent)")],
    ["TARGET", pre(finding.target ?? "(absent)")],
    ["why", esc(finding.why)],
  ];
  const members = memberLines(finding);
  if (members.length > 0) rows.push(["holds", `<ul>${members.map((line) => `<li>${esc(line)}</li>`).join("")}</ul>`]);
  if (finding.hint) rows.push(["fix", pre(finding.hint)]);
  if (finding.diff) rows.push(["diff", pre(finding.diff)]);
  if (finding.waived) rows.push(["waived", esc(waivedNote(finding.waived))]);
  rows.push(["rule", `${esc(finding.rule)} <span class="id">id ${esc(finding.id)}</span>`]);
  return [
    `<div class="finding ${finding.severity}"><p><strong><code>${esc(finding.object)}</code></strong> (${esc(finding.objectKind)}): ${esc(finding.message)}</p>`,
    `<table>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join("")}</table></div>`,
  ].join("\n");
}

function renderWaivers(report: CheckReport): string {
  const { expired, unused } = report.waivers;
  if (expired.length === 0 && unused.length === 0) return "";
  const items = [
    ...expired.map((e) => `<li>expired ${esc(e.waiver.expires)}: <code>${esc(waiverName(e.waiver))}</code> (owner ${esc(e.waiver.owner)}) no longer waives; ${e.matches.length} finding(s) count again</li>`),
    ...unused.map((w) => `<li>unused: <code>${esc(waiverName(w))}</code> (owner ${esc(w.owner)}) matches no finding; remove it</li>`),
  ];
  return `<section><h2>Waivers</h2><ul>${items.join("")}</ul></section>`;
}

function pre(v: string): string {
  return `<pre>${esc(v)}</pre>`;
}

function esc(v: string): string {
  return v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const STYLE = [
  "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#1f2328}",
  "code,pre{font:12px ui-monospace,monospace}pre{margin:0;white-space:pre-wrap}",
  ".verdict{font-size:1.2em;font-weight:bold}.blocked{color:#b42318}.ok{color:#067647}",
  ".finding{border-left:4px solid #999;padding:.2em .8em;margin:.8em 0}.finding.breaking{border-color:#b42318}",
  ".finding.risky{border-color:#b54708}.finding.info{border-color:#175cd3}",
  "h3.breaking{color:#b42318}h3.risky{color:#b54708}h3.info{color:#175cd3}",
  "th{text-align:left;vertical-align:top;padding-right:1em;font-weight:normal;color:#57606a}.id{color:#57606a}",
].join("");
