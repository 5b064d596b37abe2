import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";

export function markdownTable(headers, rows) {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? "" : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const line = (r) => `| ${r.map((c, i) => (c ?? "").padEnd(widths[i])).join(" | ")} |`;
  return [line(headers), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.map(line)].join("\n");
}

export const seconds = (ms) => (ms === null || ms === undefined ? "—" : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`);
export const megabytes = (mb) => (mb === null || mb === undefined ? "—" : `${Math.round(mb)} MB`);
export const ratio = (x) => (x === null || x === undefined || !Number.isFinite(x) ? "—" : `${x.toFixed(2)}x`);
export const rate = (perSecond) =>
  perSecond === null || perSecond === undefined ? "—" : Math.round(perSecond).toLocaleString("en-US").replaceAll(",", " ");
export const verdict = (ok) => (ok === null || ok === undefined ? "n/a" : ok ? "met" : "MISSED");

/** Results as JSON next to the bench (gitignored): one file per run and section, written atomically. */
export async function writeResults(dir, section, data) {
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replaceAll(":", "-").replace(/\..*/, "");
  const file = path.join(dir, `${section}-${stamp}.json`);
  const tmp = `${file}.tmp`;
  await writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`);
  await rename(tmp, file);
  return file;
}
