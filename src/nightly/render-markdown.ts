import type { DriftReport } from "./nightly-report.js";
import { headline } from "./render-page.js";

/** GitHub's job summary takes 1 MiB per step; a chat message far less. The summary stays well under both. */
export const MARKDOWN_BUDGET_BYTES = 900 * 1024;
/** Lines listed per kind before "and N more": the page has them all. */
const LIST_LIMIT = 50;

/**
 * report.md: the summary that fits a CI job summary or a chat message however large the drift is. It
 * names the verdict, the matrix counts, the out-of-band changes and the new findings (the first ones),
 * and links to report.html for everything else. Past the byte budget it stops with a line saying so.
 */
export function renderMarkdown(report: DriftReport, pageLink = "report.html"): string {
  const lines: string[] = [
    `## driftgate drift report ${report.generatedAt.slice(0, 10)}`,
    "",
    `**${md(headline(report))}**`,
    "",
    `Run ${md(report.runId)} at ${report.generatedAt}, driftgate ${md(report.toolVersion)}. Full report: [${md(pageLink)}](${encodeURI(pageLink)})`,
    "",
  ];
  if (report.outOfBand.length > 0) {
    lines.push(`### Changes nobody deployed (${report.outOfBand.length})`, "");
    for (const c of report.outOfBand.slice(0, LIST_LIMIT)) {
      lines.push(`- **${md(c.shard === null ? c.environment : `${c.environment}/${c.shard}`)}** changed since ${md(c.previousRun)}: ${c.summary.breaking} breaking, ${c.summary.risky} risky, ${c.summary.info} info`);
    }
    if (report.outOfBand.length > LIST_LIMIT) lines.push(`- … and ${report.outOfBand.length - LIST_LIMIT} more in the full report`);
    lines.push("");
  }
  lines.push("| pair | breaking | risky | info | waived | new | |", "| --- | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const p of report.pairs) {
    const state = p.error ? `not compared: ${p.error}` : p.blocked ? "blocks" : "ok";
    lines.push(`| ${md(p.source)} → ${md(p.target)} | ${p.summary.breaking} | ${p.summary.risky} | ${p.summary.info} | ${p.summary.waived} | ${p.summary.new} | ${md(state)} |`);
  }
  lines.push("");
  const unreachable = report.environments.flatMap((e) => [...(e.error && e.stores.length === 0 ? [`${e.name}: ${e.error}`] : []), ...e.stores.filter((s) => s.error).map((s) => `${e.name}/${s.shard}: ${s.error}`)]);
  if (unreachable.length) {
    lines.push(`### Unreachable (${unreachable.length})`, "", ...unreachable.slice(0, LIST_LIMIT).map((u) => `- ${md(u)}`));
    if (unreachable.length > LIST_LIMIT) lines.push(`- … and ${unreachable.length - LIST_LIMIT} more`);
    lines.push("");
  }
  for (const fleet of report.fleets.filter((f) => f.odd.length > 0)) {
    lines.push(`### Fleet ${md(fleet.environment)}: ${fleet.odd.length} store(s) differ from the majority`, "");
    for (const odd of fleet.odd.slice(0, LIST_LIMIT)) lines.push(`- **${md(odd.shard)}**: ${odd.summary.breaking} breaking, ${odd.summary.risky} risky, ${odd.summary.info} info`);
    lines.push("");
  }
  const fresh = report.pairs.flatMap((p) => p.findings.filter((f) => f.isNew && f.waived === undefined).map((f) => ({ p, f })));
  if (fresh.length) {
    lines.push(`### New findings (${fresh.length})`, "");
    for (const { p, f } of fresh.slice(0, LIST_LIMIT)) lines.push(`- ${f.severity} \`${code(f.object)}\` (${md(p.source)} → ${md(p.target)}): ${md(f.message)}`);
    if (fresh.length > LIST_LIMIT) lines.push(`- … and ${fresh.length - LIST_LIMIT} more in the full report`);
    lines.push("");
  }
  if (report.waivers.expiringSoon.length) {
    lines.push("### Waivers expiring within 14 days", "", ...report.waivers.expiringSoon.slice(0, LIST_LIMIT).map((w) => `- ${w.expires}: \`${code(`${w.rule} ${w.object}`)}\` (owner ${md(w.owner)})`), "");
  }
  lines.push("<details><summary>snapshot fingerprints</summary>", "");
  for (const e of report.environments) lines.push(`- ${md(e.name)}: \`${e.fingerprint ?? "not read"}\`${e.stores.length ? ` (majority of ${e.stores.length})` : ""}`);
  lines.push("", "</details>", "");
  return withinBudget(lines, pageLink);
}

function withinBudget(lines: readonly string[], pageLink: string): string {
  const out: string[] = [];
  let bytes = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line, "utf8") + 1;
    if (bytes + size > MARKDOWN_BUDGET_BYTES) {
      out.push("", `… cut here to stay under 1 MiB: see [${md(pageLink)}](${encodeURI(pageLink)}) for the rest.`, "");
      break;
    }
    out.push(line);
    bytes += size;
  }
  return `${out.join("\n")}\n`;
}

/** Text that cannot open Markdown syntax or an HTML tag; long values are cut (a message can quote a whole view). */
function md(text: string): string {
  const cut = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return cut.replace(/[\\`*_[\]<>|]/g, "\\$&").replace(/\n/g, " ");
}

function code(text: string): string {
  const cut = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return cut.replace(/`/g, "'").replace(/\n/g, " ");
}
