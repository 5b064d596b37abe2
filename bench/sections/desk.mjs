import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { buildBaseline } from "../lib/baseline.mjs";
import { interleave, runMeasured } from "../lib/measure.mjs";
import { markdownTable, megabytes, ratio, seconds, verdict } from "../lib/report.mjs";

/**
 * Issue 12, "speed for the schema author at a desk": `driftgate check` at the repo root (the bundled
 * example: its test environment is built from examples/metadata-store/migrations on embedded PostgreSQL)
 * as a schema author runs it in a loop, against `driftgate --version` and against driftgate as it was
 * before the cache (--baseline, default 2fb67bc), all interleaved in one run:
 *
 * - warm: the cache holds this snapshot (the loop's usual case);
 * - cold: a migration changed, so the snapshot is rebuilt; the kept initdb cluster is there (every run
 *   after the first on a machine, with this engine);
 * - first run: an empty cache directory (a new machine, or a new PGlite build).
 *
 * Each run gets its own DRIFTGATE_CACHE_DIR; the user's cache is never touched.
 */
export async function deskSection(ctx) {
  const baselineCommit = ctx.baseline ?? "2fb67bc";
  const { cli: baselineCli } = await buildBaseline(ctx, baselineCommit);
  const runs = ctx.runs ?? 5;
  const caches = await mkdtemp(path.join(ctx.tmp, "desk-caches-"));
  const warmCache = path.join(caches, "warm");
  const coldCache = path.join(caches, "cold");
  const node = process.execPath;
  const env = (dir) => ({ ...process.env, DRIFTGATE_CACHE_DIR: dir });
  // Prime: the warm cache holds the example's snapshot; the cold one only the initdb cluster.
  for (const dir of [warmCache, coldCache]) {
    const r = await runMeasured(node, [ctx.cli, "check"], { cwd: ctx.root, env: env(dir), timeoutMs: ctx.timeoutMs });
    if (r.code !== 1) throw new Error(`priming check exited ${r.code}: ${r.stderr.trim().split("\n")[0]}`);
  }
  await rm(path.join(coldCache, "snapshots"), { recursive: true, force: true });

  let first = 0;
  const tools = [
    { name: "driftgate --version", args: [ctx.cli, "--version"], expectCode: 0, env: () => env(warmCache) },
    { name: "check, warm (cached snapshot)", args: [ctx.cli, "check"], expectCode: 1, env: () => env(warmCache) },
    {
      name: "check, cold (a migration changed)",
      args: [ctx.cli, "check"],
      expectCode: 1,
      env: () => env(coldCache),
      // The snapshot is removed before every run: the run rebuilds it, as after an edit.
      before: () => rm(path.join(coldCache, "snapshots"), { recursive: true, force: true }),
    },
    {
      name: "check, first run (empty cache directory)",
      args: [ctx.cli, "check"],
      expectCode: 1,
      env: () => env(path.join(caches, `empty-${first++}`)),
    },
    { name: `check before the cache (${baselineCommit})`, args: [baselineCli, "check"], expectCode: 1, env: () => ({ ...process.env }) },
  ];
  ctx.log(`desk: ${tools.map((t) => t.name).join(", ")} (interleaved, ${runs} rounds) ...`);
  const summaries = await interleave(
    tools.map((tool) => ({
      name: tool.name,
      once: async () => {
        await tool.before?.();
        const r = await runMeasured(node, tool.args, { cwd: ctx.root, env: tool.env(), timeoutMs: ctx.timeoutMs });
        const ok = r.code === tool.expectCode && !r.timedOut;
        return { ok, ms: r.ms, maxRssMB: r.maxRssMB, error: ok ? null : `exit ${r.code} (expected ${tool.expectCode}): ${r.stderr.trim().split("\n")[0]}` };
      },
    })),
    runs,
    { slowMs: 60_000, onRun: (tool, r) => ctx.log(`  ${tool.name}: ${r.ok ? seconds(r.ms) : r.error}${r.maxRssMB ? `, ${megabytes(r.maxRssMB)}` : ""}`) },
  );
  await rm(caches, { recursive: true, force: true });
  const rows = summaries.map((s, i) => ({ tool: tools[i].name, ...s }));
  const [version, warm, cold, firstRun, before] = rows;
  const vsBefore = (r) => (r.ok && before.ok ? r.medianMs / before.medianMs : null);
  const memVsBefore = (r) => (r.ok && before.ok ? r.maxRssMB / before.maxRssMB : null);
  const markdown = [
    `\`driftgate check\` at the repo root (test -> prod of the bundled example), ${runs} interleaved rounds; median wall time, peak RSS.\n`,
    markdownTable(
      ["run", "median", "runs", "vs --version", "vs before", "peak RSS", "RSS vs before"],
      rows.map((r) => [
        r.tool,
        r.ok ? seconds(r.medianMs) : `failed: ${r.error}`,
        r.n,
        r.ok && version.ok ? ratio(r.medianMs / version.medianMs) : "—",
        ratio(vsBefore(r)),
        megabytes(r.maxRssMB),
        ratio(memVsBefore(r)),
      ]),
    ),
    "",
  ].join("\n");
  const warmRatio = warm.ok && version.ok ? warm.medianMs / version.medianMs : null;
  const targets = [
    { target: "desk: warm check within 2x the time of driftgate --version", value: ratio(warmRatio), met: warmRatio === null ? null : warmRatio <= 2 },
    { target: "desk: warm check peak RSS < 250 MB", value: megabytes(warm.maxRssMB), met: warm.ok ? warm.maxRssMB < 250 : null },
    { target: "desk: cold check (a migration changed) time ≤ 0.6x before", value: ratio(vsBefore(cold)), met: vsBefore(cold) === null ? null : vsBefore(cold) <= 0.6 },
    { target: "desk: cold check (a migration changed) peak RSS ≤ 0.6x before", value: ratio(memVsBefore(cold)), met: memVsBefore(cold) === null ? null : memVsBefore(cold) <= 0.6 },
    { target: "desk: first run (empty cache) time ≤ 0.6x before", value: ratio(vsBefore(firstRun)), met: vsBefore(firstRun) === null ? null : vsBefore(firstRun) <= 0.6 },
    { target: "desk: first run (empty cache) peak RSS ≤ 0.6x before", value: ratio(memVsBefore(firstRun)), met: memVsBefore(firstRun) === null ? null : memVsBefore(firstRun) <= 0.6 },
  ];
  return { title: "Desk speed: check on the bundled example (issue 12)", markdown, data: { runs, baselineCommit, tools: rows }, targets };
}
