import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, realpath, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildBaseline } from "../lib/baseline.mjs";
import { interleave, median, runMeasured } from "../lib/measure.mjs";
import { markdownTable, megabytes, ratio, seconds, verdict } from "../lib/report.mjs";

/**
 * Issue 12, "speed for the schema author at a desk": `driftgate check` at the repo root (the bundled
 * example: its test environment is built from examples/metadata-store/migrations on embedded PostgreSQL)
 * as a schema author runs it in a loop, against `driftgate --version` and against driftgate as it was
 * before the cache (--baseline, default 2fb67bc), all interleaved in one run:
 *
 * - warm: the cache holds this snapshot (the loop's usual case);
 * - a migration changed: the snapshot is rebuilt, on the cluster built with the package;
 * - first run: an empty cache directory (a new machine);
 * - and the same two for an engine the package holds no cluster for (a PGlite upgrade): the first run
 *   pays initdb and keeps its cluster in the cache, which the next rebuild starts from. This product is
 *   a copy of the measured one without the cluster file.
 *
 * Each run gets its own DRIFTGATE_CACHE_DIR; the user's cache is never touched.
 */
export async function deskSection(ctx) {
  const baselineCommit = ctx.baseline ?? "2fb67bc";
  const { cli: baselineCli } = await buildBaseline(ctx, baselineCommit);
  const runs = ctx.runs ?? 5;
  const caches = await mkdtemp(path.join(ctx.tmp, "desk-caches-"));
  const bare = await productWithoutCluster(ctx, path.join(caches, "product-without-cluster"));
  const warmCache = path.join(caches, "warm");
  const coldCache = path.join(caches, "cold");
  const bareColdCache = path.join(caches, "bare-cold");
  const node = process.execPath;
  const env = (dir) => ({ ...process.env, DRIFTGATE_CACHE_DIR: dir });
  // Prime: the warm cache holds the example's snapshot; the cold ones only what a first run leaves
  // besides it (with the shipped cluster: nothing; without: the initdb cluster).
  for (const [cli, dir] of [[ctx.cli, warmCache], [ctx.cli, coldCache], [bare, bareColdCache]]) {
    const r = await runMeasured(node, [cli, "check"], { cwd: ctx.root, env: env(dir), timeoutMs: ctx.timeoutMs });
    if (r.code !== 1) throw new Error(`priming check exited ${r.code}: ${r.stderr.trim().split("\n")[0]}`);
  }
  for (const dir of [coldCache, bareColdCache]) await rm(path.join(dir, "snapshots"), { recursive: true, force: true });

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
    {
      name: "no shipped cluster: cold (cluster kept in the cache)",
      args: [bare, "check"],
      expectCode: 1,
      env: () => env(bareColdCache),
      before: () => rm(path.join(bareColdCache, "snapshots"), { recursive: true, force: true }),
    },
    {
      name: "no shipped cluster: first run (initdb)",
      args: [bare, "check"],
      expectCode: 1,
      env: () => env(path.join(caches, `empty-${first++}`)),
    },
    // In its own tree: today's environments/snapshots/prod.json is in a newer snapshot format than it reads.
    {
      name: `check before the cache (${baselineCommit})`,
      args: [baselineCli, "check"],
      cwd: path.dirname(path.dirname(baselineCli)),
      expectCode: 1,
      env: () => ({ ...process.env }),
    },
  ];
  ctx.log(`desk: ${tools.map((t) => t.name).join(", ")} (interleaved, ${runs} rounds) ...`);
  const summaries = await interleave(
    tools.map((tool) => ({
      name: tool.name,
      once: async () => {
        await tool.before?.();
        const r = await runMeasured(node, tool.args, { cwd: tool.cwd ?? ctx.root, env: tool.env(), timeoutMs: ctx.timeoutMs });
        const ok = r.code === tool.expectCode && !r.timedOut;
        return { ok, ms: r.ms, maxRssMB: r.maxRssMB, cpuMs: r.cpuMs, error: ok ? null : `exit ${r.code} (expected ${tool.expectCode}): ${r.stderr.trim().split("\n")[0]}` };
      },
    })),
    runs,
    { slowMs: 60_000, onRun: (tool, r) => ctx.log(`  ${tool.name}: ${r.ok ? seconds(r.ms) : r.error}${r.maxRssMB ? `, ${megabytes(r.maxRssMB)}` : ""}`) },
  );
  await rm(caches, { recursive: true, force: true });
  const rows = summaries.map((s, i) => ({ tool: tools[i].name, ...s, medianCpuMs: median(s.runs.filter((r) => r.ok).map((r) => r.cpuMs)) }));
  const [version, warm, cold, firstRun, , , before] = rows;
  const vsBefore = (r) => (r.ok && before.ok ? r.medianMs / before.medianMs : null);
  const memVsBefore = (r) => (r.ok && before.ok ? r.maxRssMB / before.maxRssMB : null);
  const cpuVsBefore = (r) => (r.ok && before.ok && r.medianCpuMs !== null && before.medianCpuMs ? r.medianCpuMs / before.medianCpuMs : null);
  const markdown = [
    `\`driftgate check\` at the repo root (test -> prod of the bundled example), ${runs} interleaved rounds; median wall time, median CPU time (user + system, all threads), peak RSS.\n`,
    markdownTable(
      ["run", "median", "runs", "vs --version", "vs before", "CPU", "CPU vs before", "peak RSS", "RSS vs before"],
      rows.map((r) => [
        r.tool,
        r.ok ? seconds(r.medianMs) : `failed: ${r.error}`,
        r.n,
        r.ok && version.ok ? ratio(r.medianMs / version.medianMs) : "—",
        ratio(vsBefore(r)),
        r.medianCpuMs === null ? "—" : seconds(r.medianCpuMs),
        ratio(cpuVsBefore(r)),
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

/**
 * A copy of the measured product without the embedded cluster built with it, as an install whose PGlite
 * is newer than the one the package was built with behaves (it looks for a cluster named by its own
 * engine build and finds none). Returns its CLI.
 */
async function productWithoutCluster(ctx, dir) {
  const product = path.dirname(path.dirname(ctx.cli));
  await mkdir(path.join(dir, "bin"), { recursive: true });
  await cp(path.join(product, "dist"), path.join(dir, "dist"), { recursive: true, filter: (src) => !/pglite-cluster-[0-9a-f]+\.tar\.(?:gz|br)$/.test(src) });
  for (const file of ["package.json", "bin/driftgate.js"]) await cp(path.join(product, file), path.join(dir, file));
  for (const link of ["node_modules", "schemas"]) await symlink(await realpath(path.join(product, link)), path.join(dir, link));
  return path.join(dir, "bin/driftgate.js");
}

