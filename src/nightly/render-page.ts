import { SEVERITIES, type Finding, type Severity } from "../model/finding.js";
import type { ReportSummary } from "../model/check-report.js";
import type { DriftFinding, DriftPair, DriftReport, EnvironmentChange, FleetReport } from "./nightly-report.js";
import { trendChart } from "./trend-chart.js";

/**
 * report.html: one self-contained page (inline CSS and SVG, no script, no font, no request at view time)
 * for the SRE who opens it every morning. Out-of-band changes come first, then the matrix, the trend,
 * fleets, each pair's findings grouped by object in <details>, and the waivers about to expire. Every
 * value is escaped: findings carry SQL and user data.
 */
export function renderPage(report: DriftReport): string {
  const title = `driftgate drift report ${report.generatedAt.slice(0, 10)}`;
  return [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${esc(title)}</h1>`,
    `<p class="meta">run ${esc(report.runId)} at ${esc(report.generatedAt)} · driftgate ${esc(report.toolVersion)} · fail on ${esc(report.failOn)}</p>`,
    `<p class="verdict ${report.exitCode === 0 ? "ok" : "blocked"}">${esc(headline(report))}</p>`,
    renderOutOfBand(report.outOfBand),
    renderMatrix(report),
    `<section id="trend"><h2>Trend</h2>${trendChart(report.trend)}</section>`,
    ...report.fleets.map(renderFleet),
    ...report.pairs.map(renderPair),
    renderDeployed(report.deployed),
    renderWaivers(report),
    renderFingerprints(report),
    "</body></html>",
    "",
  ].join("\n");
}

export function headline(report: DriftReport): string {
  const s = report.summary;
  const parts = [`${s.breaking} breaking, ${s.risky} risky, ${s.info} info`, `${s.new} new`, `${s.outOfBand} out-of-band change(s)`];
  if (s.waived) parts.push(`${s.waived} waived`);
  if (s.unreachable) parts.push(`${s.unreachable} store(s) not read`);
  const verdict = report.exitCode === 3 ? "INCOMPLETE" : report.exitCode === 2 ? "BAD INPUT" : report.blocked ? "DRIFT" : "OK";
  return `${verdict}: ${parts.join(" · ")}`;
}

function renderOutOfBand(changes: readonly EnvironmentChange[]): string {
  if (changes.length === 0) return `<section id="out-of-band"><h2>Changes nobody deployed</h2><p class="ok">None since the previous run.</p></section>`;
  return [
    `<section id="out-of-band" class="alarm"><h2>Changes nobody deployed (${changes.length})</h2>`,
    "<p>These stores changed since the previous run and no deploy was recorded in between (<code>driftgate report --mark-deploy ENV</code> records one).</p>",
    ...changes.map((c) => renderChange(c, true)),
    "</section>",
  ].join("\n");
}

function renderChange(change: EnvironmentChange, open: boolean): string {
  const where = change.shard === null ? change.environment : `${change.environment} / ${change.shard}`;
  const deploys = change.deploys.map((d) => `${d.at.slice(0, 16).replace("T", " ")}${d.ref ? ` ${d.ref}` : ""}`).join(", ");
  return [
    `<details class="change"${open ? " open" : ""}><summary><strong>${esc(where)}</strong> changed since run ${esc(change.previousRun)}: ${esc(counts(change.summary))}${deploys ? ` · deployed ${esc(deploys)}` : ""}</summary>`,
    `<p class="meta">${esc(short(change.from))} → ${esc(short(change.to))}. SOURCE = the previous snapshot, TARGET = now: a write that worked then and fails now is breaking.</p>`,
    change.findings.length ? change.findings.map((f) => renderFinding(f)).join("\n") : "<p>Only facts that no rule reports changed (the fingerprint differs).</p>",
    "</details>",
  ].join("\n");
}

function renderMatrix(report: DriftReport): string {
  const envs = report.environments;
  const pairOf = new Map(report.pairs.map((p) => [`${p.source}\u0000${p.target}`, p]));
  const head = `<tr><th>SOURCE ↓ / TARGET →</th>${envs.map((e) => `<th>${esc(e.name)}</th>`).join("")}</tr>`;
  const rows = envs.map((source) => {
    const cells = envs.map((target) => {
      if (source === target) {
        if (source.error) return `<td class="unreachable">unreachable: ${esc(source.error)}</td>`;
        return `<td class="self">${esc(source.label)}<br><span class="fp">${esc(short(source.fingerprint))}</span></td>`;
      }
      const pair = pairOf.get(`${source.name}\u0000${target.name}`);
      if (!pair) return `<td class="none"></td>`;
      if (pair.error) return `<td class="unreachable"><a href="#${anchor(pair)}">not compared</a></td>`;
      const worst = worstOf(pair.summary);
      return `<td class="${worst}"><a href="#${anchor(pair)}">${pair.summary.breaking} / ${pair.summary.risky} / ${pair.summary.info}</a>${pair.summary.new ? `<br><span class="new">${pair.summary.new} new</span>` : ""}</td>`;
    });
    return `<tr><th>${esc(source.name)}</th>${cells.join("")}</tr>`;
  });
  return `<section id="matrix"><h2>Environments</h2><p class="meta">Each cell: breaking / risky / info for writes promoted from the row to the column, coloured by the worst.</p><table class="matrix">${head}${rows.join("")}</table></section>`;
}

function renderFleet(fleet: FleetReport): string {
  const total = fleet.groups.reduce((n, g) => n + g.shards.length, 0) + fleet.unreachable.length;
  const out = [`<section class="fleet"><h2>Fleet ${esc(fleet.environment)}: ${total} stores, ${fleet.groups.length} distinct</h2>`];
  if (fleet.majority) out.push(`<p>Majority <span class="fp">${esc(short(fleet.majority))}</span>: ${fleet.groups[0]!.shards.length} stores.</p>`);
  if (fleet.unreachable.length) out.push(`<p class="unreachable">Unreachable: ${esc(fleet.unreachable.join(", "))}</p>`);
  for (const odd of fleet.odd) {
    out.push(
      `<details class="odd" open><summary>store <strong>${esc(odd.shard)}</strong> differs from the majority: ${esc(counts(odd.summary))}</summary>`,
      `<p class="meta">SOURCE = the majority, TARGET = ${esc(odd.shard)}: a write that works on most stores and fails here is breaking.</p>`,
      ...odd.findings.map((f) => renderFinding(f)),
      "</details>",
    );
  }
  if (fleet.odd.length === 0 && fleet.majority) out.push(`<p class="ok">Every store that could be read is identical.</p>`);
  out.push("</section>");
  return out.join("\n");
}

function renderPair(pair: DriftPair): string {
  const out = [`<section class="pair" id="${anchor(pair)}"><h2>${esc(pair.source)} → ${esc(pair.target)}</h2>`];
  if (pair.error) {
    out.push(`<p class="blocked">Not compared: ${esc(pair.error)} (fails closed)</p></section>`);
    return out.join("\n");
  }
  out.push(`<p>${esc(counts(pair.summary))}${pair.summary.new ? ` · <span class="new">${pair.summary.new} new</span>` : ""}${pair.blocked ? ' · <span class="blocked">blocks a deploy</span>' : ""}</p>`);
  if (pair.findings.length === 0) out.push("<p class=\"ok\">No differences.</p>");
  // Grouped by object: a table with ten findings is one line to skim, opened when it matters.
  const byObject = new Map<string, DriftFinding[]>();
  for (const f of pair.findings) {
    const list = byObject.get(f.object) ?? [];
    list.push(f);
    byObject.set(f.object, list);
  }
  for (const [object, findings] of byObject) {
    const worst = findings.find((f) => f.waived === undefined)?.severity ?? "waived";
    const fresh = findings.filter((f) => f.isNew).length;
    out.push(
      `<details class="object ${worst}"${worst === "breaking" ? " open" : ""}><summary><code>${esc(object)}</code> · ${findings.length} finding(s), worst ${esc(worst)}${fresh ? ` · <span class="new">${fresh} new</span>` : ""}</summary>`,
      ...findings.map((f) => renderFinding(f, f)),
      "</details>",
    );
  }
  out.push("</section>");
  return out.join("\n");
}

function renderFinding(finding: Finding, drift?: DriftFinding): string {
  const status = drift ? (drift.isNew ? `<span class="new">new</span>` : `<span class="open">still open since ${esc(drift.firstSeen)}</span>`) : "";
  const rows: [string, string][] = [
    ["SOURCE", pre(finding.source ?? "(absent)")],
    ["TARGET", pre(finding.target ?? "(absent)")],
    ["why", esc(finding.why)],
  ];
  if (finding.hint) rows.push(["fix", pre(finding.hint)]);
  if (finding.diff) rows.push(["diff", pre(finding.diff)]);
  if (finding.waived) rows.push(["waived", esc(`${finding.waived.reason} (owner ${finding.waived.owner}, until ${finding.waived.expires})`)]);
  rows.push(["rule", `${esc(finding.rule)} <span class="id">id ${esc(finding.id)}</span>`]);
  return [
    `<div class="finding ${finding.waived ? "waived" : finding.severity}"><p><span class="sev">${esc(finding.waived ? "waived" : finding.severity)}</span> ${status} <strong><code>${esc(finding.object)}</code></strong> (${esc(finding.objectKind)}): ${esc(finding.message)}</p>`,
    `<table>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join("")}</table></div>`,
  ].join("\n");
}

function renderDeployed(changes: readonly EnvironmentChange[]): string {
  if (changes.length === 0) return "";
  return [`<section id="changelog"><h2>Deployed changes (${changes.length})</h2>`, ...changes.map((c) => renderChange(c, false)), "</section>"].join("\n");
}

function renderWaivers(report: DriftReport): string {
  const { expiringSoon, expired, unused } = report.waivers;
  const items = [
    ...expiringSoon.map((w) => `<li class="risky">expires ${esc(w.expires)}: <code>${esc(`${w.rule} ${w.object}`)}</code> (owner ${esc(w.owner)}): ${esc(w.reason)}</li>`),
    ...expired.map((e) => `<li class="breaking">expired ${esc(e.waiver.expires)}: <code>${esc(`${e.waiver.rule} ${e.waiver.object}`)}</code> (owner ${esc(e.waiver.owner)}) no longer waives; ${e.matches.length} finding(s) count again</li>`),
    ...unused.map((w) => `<li>unused: <code>${esc(`${w.rule} ${w.object}`)}</code> (owner ${esc(w.owner)}) matches no finding; remove it</li>`),
  ];
  if (items.length === 0) return "";
  return `<section id="waivers"><h2>Waivers needing attention</h2><ul>${items.join("")}</ul></section>`;
}

function renderFingerprints(report: DriftReport): string {
  const rows = report.environments.flatMap((e) => [
    `<tr><td>${esc(e.name)}</td><td>${esc(e.label)}</td><td class="fp">${esc(e.fingerprint ?? "(not read)")}</td><td>${esc(e.error ?? "")}</td></tr>`,
    ...e.stores.map((s) => `<tr><td>${esc(e.name)} / ${esc(s.shard)}</td><td>${esc(s.label)}</td><td class="fp">${esc(s.fingerprint ?? "(not read)")}</td><td>${esc(s.error ?? "")}</td></tr>`),
  ]);
  return `<section id="snapshots"><h2>Snapshots</h2><details><summary>${report.environments.length} environment(s)</summary><table class="fps"><tr><th>store</th><th>where</th><th>fingerprint</th><th>error</th></tr>${rows.join("")}</table></details></section>`;
}

function counts(s: ReportSummary): string {
  return `${s.breaking} breaking, ${s.risky} risky, ${s.info} info${s.waived ? `, ${s.waived} waived` : ""}`;
}

function worstOf(s: ReportSummary): Severity | "clean" {
  return SEVERITIES.find((sev) => s[sev] > 0) ?? "clean";
}

function anchor(pair: DriftPair): string {
  return `pair-${pair.source}-${pair.target}`.replace(/[^A-Za-z0-9_-]/g, "_");
}

function short(fingerprint: string | null): string {
  return fingerprint === null ? "(not read)" : fingerprint.replace(/^sha256:/, "").slice(0, 12);
}

function pre(v: string): string {
  return `<pre>${esc(v)}</pre>`;
}

function esc(v: string): string {
  return v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const STYLE = [
  "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:76em;padding:0 1em;color:#1f2328}",
  "code,pre{font:12px ui-monospace,monospace}pre{margin:0;white-space:pre-wrap}h2{margin-top:1.6em;border-bottom:1px solid #d0d7de}",
  ".meta{color:#57606a}.verdict{font-size:1.2em;font-weight:bold}.blocked,.unreachable{color:#b42318}.ok{color:#067647}",
  ".alarm{border:2px solid #b42318;border-radius:6px;padding:0 1em 1em;background:#fff5f5}",
  "table.matrix{border-collapse:collapse}table.matrix th,table.matrix td{border:1px solid #d0d7de;padding:.4em .8em;text-align:center}",
  "td.breaking{background:#fde2e1}td.risky{background:#fef0c7}td.info{background:#e0ecff}td.clean{background:#dcfae6}",
  "td.self{background:#f6f8fa;font-size:12px}td.unreachable{background:#b42318;color:#fff}td.unreachable a{color:#fff}td.none{background:#fafbfc}",
  ".fp{font:11px ui-monospace,monospace;color:#57606a}.new{color:#fff;background:#8250df;border-radius:3px;padding:0 .3em;font-size:12px}",
  ".open{color:#57606a;font-size:12px}.sev{font-weight:bold;text-transform:uppercase;font-size:11px}",
  "details{margin:.4em 0}summary{cursor:pointer}details.object{border-left:4px solid #999;padding-left:.6em}",
  "details.breaking{border-color:#b42318}details.risky{border-color:#b54708}details.info{border-color:#175cd3}",
  ".finding{border-left:4px solid #999;padding:.2em .8em;margin:.6em 0}.finding.breaking{border-color:#b42318}",
  ".finding.risky{border-color:#b54708}.finding.info{border-color:#175cd3}.finding.waived{border-color:#8c959f}",
  "li.breaking{color:#b42318}li.risky{color:#b54708}",
  "th{text-align:left;vertical-align:top;padding-right:1em;font-weight:normal;color:#57606a}.id{color:#57606a}",
].join("");
