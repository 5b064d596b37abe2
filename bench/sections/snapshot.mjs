import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { ensureSchemaDatabase, urlFor } from "../lib/databases.mjs";
import { interleave, runMeasured } from "../lib/measure.mjs";
import { markdownTable, megabytes, ratio, seconds, verdict } from "../lib/report.mjs";

const PG_DUMP = "/usr/bin/pg_dump";

/**
 * Issue 2: `driftgate snapshot` against pg_dump --schema-only and the npm peers, each in its own process
 * on the same database, one after another, several runs each.
 */
export async function snapshotSection(ctx) {
  const out = [];
  const data = [];
  const targets = [];
  for (const size of ctx.sizes) {
    const database = await ensureSchemaDatabase(size, ctx.seed, ctx.log);
    const url = urlFor(database);
    const runs = ctx.runs ?? (size >= 5000 ? 3 : 5);
    const snapshotFile = path.join(ctx.tmp, `snapshot-${size}.json`);
    const dumpFile = path.join(ctx.tmp, `dump-${size}.sql`);
    const node = process.execPath;
    const peer = (tool) => ({ command: node, args: [path.join(ctx.benchDir, "runners/snapshot-peer.mjs"), tool, url], found: foundFromJson });
    const tools = [
      { name: "driftgate snapshot", command: node, args: [ctx.cli, "snapshot", url, "-o", snapshotFile], found: (r) => foundFromDriftgate(r.stderr) },
      { name: "pg_dump --schema-only", command: PG_DUMP, args: ["--schema-only", "-d", url, "-f", dumpFile], found: () => foundFromDump(dumpFile) },
      { name: "@pgkit/migra inspector", ...peer("migra-inspect") },
      { name: "pg-structure", ...peer("pg-structure") },
      { name: "extract-pg-schema", ...peer("extract-pg-schema") },
    ];
    // Warm the server's caches so whichever tool runs first is not the one paying for cold catalog pages.
    await runMeasured(PG_DUMP, ["--schema-only", "-d", url, "-f", dumpFile], { timeoutMs: ctx.timeoutMs });

    ctx.log(`snapshot n=${size}: ${tools.map((t) => t.name).join(", ")} (interleaved, ${runs} rounds) ...`);
    const found = tools.map(() => null);
    const summaries = await interleave(
      tools.map((tool, i) => ({
        name: tool.name,
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

    const dg = rows[0];
    const dump = rows[1];
    const peers = rows.slice(2);
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
    if (size === Math.max(...ctx.sizes)) {
      const vsDump = dg.ok && dump.ok ? dg.medianMs / dump.medianMs : null;
      // A peer that failed or timed out was not faster: it is beaten if driftgate finished before it gave up.
      const slowestPeer = (p) => atLeastMs(p) ?? Infinity;
      targets.push(
        { target: `snapshot n=${size}: time ≤ 0.6x pg_dump --schema-only`, value: ratio(vsDump), met: vsDump === null ? null : vsDump <= 0.6 },
        {
          target: `snapshot n=${size}: faster than every npm peer`,
          value: peers.map((p) => `${p.tool} ${ratio(slowestPeer(p) / dg.medianMs)}`).join(", "),
          met: dg.ok ? peers.every((p) => slowestPeer(p) > dg.medianMs) : null,
        },
        { target: `snapshot n=${size}: peak RSS < 300 MB`, value: megabytes(dg.maxRssMB), met: dg.ok ? dg.maxRssMB < 300 : null },
      );
    }
  }
  return { title: "Snapshot speed (issue 2)", markdown: out.join("\n"), data, targets };
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
