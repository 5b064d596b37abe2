import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { buildBaseline } from "../lib/baseline.mjs";
import { ensureSchemaDatabase, urlFor } from "../lib/databases.mjs";
import { interleave, runMeasured } from "../lib/measure.mjs";
import { markdownTable, megabytes, ratio, seconds } from "../lib/report.mjs";

const PG_DUMP = "/usr/bin/pg_dump";

/**
 * Where the catalog floor query lives unless --catalog-floor says otherwise: ../shared/bench beside the
 * repository, or beside the main checkout when this is one of its git worktrees.
 */
export function defaultCatalogFloor(root) {
  const beside = (dir) => path.resolve(dir, "../shared/bench/catalog-floor.sql");
  if (existsSync(beside(root))) return beside(root);
  try {
    const common = execFileSync("git", ["rev-parse", "--path-format=absolute", "--git-common-dir"], { cwd: root, encoding: "utf8" }).trim();
    const main = path.dirname(common);
    if (existsSync(beside(main))) return beside(main);
  } catch {
    /* not a git checkout */
  }
  return beside(root);
}

/**
 * Issue 2: `driftgate snapshot` against pg_dump --schema-only and the npm peers, each in its own process
 * on the same database, one after another, several runs each. Issue 10 adds two rows: the catalog floor
 * (one plain JSON-aggregating query over the same catalogs through psql, reading far less than a
 * snapshot: the least any reader of those catalogs pays) and, with --baseline, driftgate as it was at
 * that commit, so "as fast as before" is a ratio from one run.
 */
export async function snapshotSection(ctx) {
  const out = [];
  const data = [];
  const targets = [];
  const floorFile = ctx.catalogFloor ?? defaultCatalogFloor(ctx.root);
  const hasFloor = existsSync(floorFile);
  if (!hasFloor) out.push(`(catalog floor row left out: ${floorFile} not found; give its path with --catalog-floor)\n`);
  const baseline = ctx.baseline ? await buildBaseline(ctx, ctx.baseline) : null;
  // Issue 2's targets are for 5 000 tables; issue 10's at 20 000, where pg_dump runs out of locks.
  const issue2Size = Math.max(...ctx.sizes.filter((s) => s <= 5000), Math.min(...ctx.sizes));
  for (const size of ctx.sizes) {
    const database = await ensureSchemaDatabase(size, ctx.seed, ctx.log);
    const url = urlFor(database);
    const runs = ctx.runs ?? (size >= 5000 ? 3 : 5);
    const snapshotFile = path.join(ctx.tmp, `snapshot-${size}.json`);
    const dumpFile = path.join(ctx.tmp, `dump-${size}.sql`);
    const node = process.execPath;
    const peer = (tool) => ({ command: node, args: [path.join(ctx.benchDir, "runners/snapshot-peer.mjs"), tool, url], found: foundFromJson });
    const floor = { name: "catalog floor (psql -f catalog-floor.sql)", command: "psql", args: ["-qAtX", url, "-f", floorFile, "-o", "/dev/null"], found: () => null };
    const tools = [
      { name: "driftgate snapshot", command: node, args: [ctx.cli, "snapshot", url, "-o", snapshotFile], found: (r) => foundFromDriftgate(r.stderr) },
      ...(baseline
        ? [{ name: `driftgate snapshot at ${baseline.sha}`, baseline: true, command: node, args: [baseline.cli, "snapshot", url, "-o", snapshotFile], found: (r) => foundFromDriftgate(r.stderr) }]
        : []),
      ...(hasFloor ? [floor] : []),
      { name: "pg_dump --schema-only", command: PG_DUMP, args: ["--schema-only", "-d", url, "-f", dumpFile], found: () => foundFromDump(dumpFile) },
      ...(ctx.peers === false
        ? []
        : [
            { name: "@pgkit/migra inspector", ...peer("migra-inspect") },
            { name: "pg-structure", ...peer("pg-structure") },
            { name: "extract-pg-schema", ...peer("extract-pg-schema") },
          ]),
    ];
    // Warm the server's caches so whichever tool runs first is not the one paying for cold catalog pages.
    // pg_dump fails on large catalogs (one lock per table), so the floor query warms them too.
    await runMeasured(PG_DUMP, ["--schema-only", "-d", url, "-f", dumpFile], { timeoutMs: ctx.timeoutMs });
    if (hasFloor) await runMeasured(floor.command, floor.args, { timeoutMs: ctx.timeoutMs });

    ctx.log(`snapshot n=${size}: ${tools.map((t) => t.name).join(", ")} (interleaved, ${runs} rounds) ...`);
    const found = tools.map(() => null);
    const summaries = await interleave(
      tools.map((tool, i) => ({
        name: tool.name,
        keepRuns: tool === tools[0] || tool === floor || tool.baseline === true,
        once: async () => {
          const r = await runMeasured(tool.command, tool.args, { cwd: ctx.benchDir, timeoutMs: ctx.timeoutMs });
          const ok = r.code === 0 && !r.timedOut;
          if (ok && found[i] === null) found[i] = await tool.found(r);
          return {
            ok,
            ms: r.ms,
            maxRssMB: r.maxRssMB,
            timedOut: r.timedOut,
            error: ok ? null : r.timedOut ? `no result within ${seconds(ctx.timeoutMs)}` : `exit ${r.code} after ${seconds(r.ms)}: ${firstErrorLine(r.stderr)}`,
          };
        },
      })),
      runs,
      { slowMs: ctx.slowMs, onRun: logRun(ctx) },
    );
    const rows = summaries.map((summary, i) => ({ tool: tools[i].name, ...summary, found: found[i] }));
    await rm(snapshotFile, { force: true });
    await rm(dumpFile, { force: true });

    const named = (name) => rows.find((r) => r.tool === name) ?? null;
    const dg = rows[0];
    const before = baseline ? rows[1] : null;
    const floorRow = hasFloor ? named(floor.name) : null;
    const dump = named("pg_dump --schema-only");
    const peers = rows.filter((r) => r !== dg && r !== before && r !== floorRow && r !== dump);
    out.push(
      `#### ${size} tables (database ${database})\n`,
      markdownTable(
        ["tool", "median", "runs", "time vs driftgate", "peak RSS", "found"],
        rows.map((r) => [
          r.tool,
          r.ok ? seconds(r.medianMs) : `failed: ${r.error}`,
          r.n || (r.runs.length ? 0 : ""),
          r.ok ? ratio(r.medianMs / dg.medianMs) : dg.ok && atLeastMs(r) ? `> ${ratio(atLeastMs(r) / dg.medianMs)}` : "—",
          megabytes(r.maxRssMB),
          r.found ?? "",
        ]),
      ),
      "",
    );
    const entry = { size, database, runs, tools: rows };
    data.push(entry);
    const vs = (other) => (dg.ok && other?.ok ? dg.medianMs / other.medianMs : null);
    if (size === issue2Size) {
      const vsDump = vs(dump);
      // A peer that failed or timed out was not faster: it is beaten if driftgate finished before it gave up.
      const slowestPeer = (p) => atLeastMs(p) ?? Infinity;
      targets.push(
        { target: `snapshot n=${size}: time ≤ 0.6x pg_dump --schema-only`, value: ratio(vsDump), met: vsDump === null ? null : vsDump <= 0.6 },
        ...(peers.length
          ? [
              {
                target: `snapshot n=${size}: faster than every npm peer`,
                value: peers.map((p) => `${p.tool} ${ratio(slowestPeer(p) / dg.medianMs)}`).join(", "),
                met: dg.ok ? peers.every((p) => slowestPeer(p) > dg.medianMs) : null,
              },
            ]
          : []),
        { target: `snapshot n=${size}: peak RSS < 300 MB`, value: megabytes(dg.maxRssMB), met: dg.ok ? dg.maxRssMB < 300 : null },
      );
    }
    if (size >= 20000) {
      const vsFloor = vs(floorRow);
      targets.push(
        { target: `snapshot n=${size}: time ≤ 1.0x the catalog floor`, value: ratio(vsFloor), met: vsFloor === null ? null : vsFloor <= 1 },
        { target: `snapshot n=${size}: peak RSS < 400 MB`, value: megabytes(dg.maxRssMB), met: dg.ok ? dg.maxRssMB < 400 : null },
      );
    }
    if (before) {
      const vsBefore = vs(before);
      targets.push({
        target: `snapshot n=${size}: time within 5% of ${baseline.sha}`,
        value: `${ratio(vsBefore)}${before.ok && dg.ok ? ` (RSS ${megabytes(dg.maxRssMB)} vs ${megabytes(before.maxRssMB)})` : ""}`,
        met: vsBefore === null ? null : vsBefore <= 1.05,
      });
    }
  }
  return { title: "Snapshot speed (issues 2 and 10)", markdown: out.join("\n"), data, targets };
}

/** One log line per run, so a long series shows progress. */
export function logRun(ctx) {
  return (tool, r) => ctx.log(`  ${tool.name}: ${r.ok ? seconds(r.ms) : r.error}${r.maxRssMB ? `, ${megabytes(r.maxRssMB)}` : ""}`);
}

/** A failed or timed-out run still bounds the tool's time from below: it took at least that long. */
export function atLeastMs(row) {
  return row.ok ? row.medianMs : (row.runs[row.runs.length - 1]?.ms ?? null);
}

function firstErrorLine(stderr) {
  const lines = stderr.split("\n").map((l) => l.trim());
  // An uncaught error prints source context first; its "SomeError: message" line is the informative one.
  const thrown = lines.find((l) => /^[A-Za-z]*Error: /.test(l));
  const other = lines.find((l) => /error|timeout|fatal/i.test(l) && !/DeprecationWarning/.test(l));
  return (thrown ?? other ?? lines.find(Boolean) ?? "").slice(0, 160);
}

function foundFromDriftgate(stderr) {
  const m = /: (\d+) tables, (\d+) views, (\d+) routines/.exec(stderr);
  return m ? `${m[1]} tables, ${m[2]} views, ${m[3]} routines` : null;
}

async function foundFromDump(file) {
  const text = await readFile(file, "utf8");
  const count = (re) => (text.match(re) ?? []).length;
  return `${count(/^CREATE TABLE /gm)} tables, ${count(/^CREATE (MATERIALIZED )?VIEW /gm)} views, ${count(/^CREATE FUNCTION /gm)} functions`;
}

function foundFromJson(r) {
  try {
    const s = JSON.parse(r.stdout.trim().split("\n").pop());
    return Object.entries(s)
      .map(([k, v]) => `${v} ${k}`)
      .join(", ");
  } catch {
    return null;
  }
}

export { firstErrorLine };
