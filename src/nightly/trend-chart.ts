import type { TrendPoint } from "./nightly-report.js";

const SERIES = [
  { key: "breaking", colour: "#b42318" },
  { key: "risky", colour: "#b54708" },
  { key: "info", colour: "#175cd3" },
] as const;

/**
 * The finding counts of the kept runs as a small inline SVG line chart (no script, no font files): one
 * line per severity, the run dates under the first and last point. One run still draws its points, so a
 * first report has a chart that fills in night by night.
 */
export function trendChart(points: readonly TrendPoint[]): string {
  const width = 640;
  const height = 160;
  const pad = { left: 36, right: 12, top: 12, bottom: 28 };
  const max = Math.max(1, ...points.flatMap((p) => [p.breaking, p.risky, p.info]));
  const x = (i: number) => pad.left + (points.length <= 1 ? (width - pad.left - pad.right) / 2 : (i * (width - pad.left - pad.right)) / (points.length - 1));
  const y = (v: number) => pad.top + (height - pad.top - pad.bottom) * (1 - v / max);
  const parts: string[] = [
    `<svg class="trend" role="img" aria-label="finding counts over the last ${points.length} run(s)" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">`,
    `<line x1="${pad.left}" y1="${y(0)}" x2="${width - pad.right}" y2="${y(0)}" stroke="#d0d7de"/>`,
    `<line x1="${pad.left}" y1="${y(max)}" x2="${width - pad.right}" y2="${y(max)}" stroke="#eaeef2"/>`,
    `<text x="${pad.left - 6}" y="${y(0) + 4}" text-anchor="end" font-size="11" fill="#57606a">0</text>`,
    `<text x="${pad.left - 6}" y="${y(max) + 4}" text-anchor="end" font-size="11" fill="#57606a">${max}</text>`,
  ];
  for (const { key, colour } of SERIES) {
    const coords = points.map((p, i) => `${x(i).toFixed(1)},${y(p[key]).toFixed(1)}`);
    if (points.length > 1) parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${coords.join(" ")}"/>`);
    points.forEach((p, i) => parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(p[key]).toFixed(1)}" r="3" fill="${colour}"><title>${key} ${p[key]} (${p.at.slice(0, 16).replace("T", " ")})</title></circle>`));
  }
  const first = points[0];
  const last = points.at(-1);
  if (first) parts.push(`<text x="${x(0)}" y="${height - 8}" font-size="11" fill="#57606a" text-anchor="${points.length > 1 ? "start" : "middle"}">${first.at.slice(0, 10)}</text>`);
  if (last && points.length > 1) parts.push(`<text x="${x(points.length - 1)}" y="${height - 8}" font-size="11" fill="#57606a" text-anchor="end">${last.at.slice(0, 10)}</text>`);
  SERIES.forEach(({ key, colour }, i) => parts.push(`<text x="${pad.left + 8 + i * 80}" y="${pad.top + 10}" font-size="11" fill="${colour}">■ ${key}</text>`));
  parts.push("</svg>");
  return parts.join("");
}
