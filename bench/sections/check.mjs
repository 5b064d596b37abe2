import path from "node:path";
import { ensureDriftDatabase, schemaDatabase, urlFor } from "../lib/databases.mjs";
import { repeat, runMeasured } from "../lib/measure.mjs";
import { markdownTable, megabytes, ratio, seconds } from "../lib/report.mjs";
import { firstErrorLine } from "./snapshot.mjs";

/**
 * Issue 3: `driftgate check SOURCE TARGET` (two live snapshots plus judgement) against @pgkit/migra
 * diffing the same two databases. TARGET is SOURCE with drift applied, so exit 1 (drift found) is the
 * expected, successful outcome; 0 would mean the drift was missed.
 */
export async function checkSection(ctx) {
  const out = [];
  const data = [];
  const targets = [];
  for (const size of ctx.sizes) {
    const target = await ensureDriftDatabase(size, ctx.seed, ctx.log);
    const source = schemaDatabase(size, ctx.seed);
    const [a, b] = [urlFor(source), urlFor(target)];
    const runs = ctx.runs ?? (size >= 5000 ? 3 : 5);
    const tools = [
      {
        name: "driftgate check --format json",
        command: process.execPath,
        args: [ctx.cli, "check", a, b, "--format", "json"],
        expectCode: 1,
        found: (r) => {
          const report = JSON.parse(r.stdout);
          const s = report.summary ?? {};
          return `${s.breaking ?? "?"} breaking, ${s.risky ?? "?"} risky, ${s.info ?? "?"} info`;
        },
      },
      {
        name: "@pgkit/migra (diff, with privileges)",
        command: process.execPath,
        args: [path.join(ctx.benchDir, "runners/check-peer.mjs"), a, b],
        expectCode: 0,
        found: (r) => {
          const s = JSON.parse(r.stdout.trim().split("\n").pop());
          return `${s.statements} SQL statements`;
        },
      },
    ];
    const rows = [];
    for (const tool of tools) {
      ctx.log(`check n=${size}: ${tool.name} ...`);
      let found = null;
      const summary = await repeat(
        runs,
        async () => {
          // check's stdout is the whole JSON report: keep it (it is small) to count findings.
          const r = await runMeasured(tool.command, tool.args, { cwd: ctx.benchDir, timeoutMs: ctx.timeoutMs });
          const ok = r.code === tool.expectCode && !r.timedOut;
          if (ok && found === null) {
            try {
              found = tool.found(r);
            } catch {
              found = "(unreadable output)";
            }
          }
          return {
            ok,
            ms: r.ms,
            maxRssMB: r.maxRssMB,
            error: ok
              ? null
              : r.timedOut
                ? `no result within ${seconds(ctx.timeoutMs)}`
                : `exit ${r.code} (expected ${tool.expectCode}) after ${seconds(r.ms)}: ${firstErrorLine(r.stderr) || r.stderr.trim().slice(0, 160)}`,
          };
        },
        { slowMs: ctx.slowMs, onRun: (r) => ctx.log(`  ${r.ok ? seconds(r.ms) : r.error}${r.maxRssMB ? `, ${megabytes(r.maxRssMB)}` : ""}`) },
      );
      rows.push({ tool: tool.name, ...summary, found });
    }
    const [dg, migra] = rows;
    out.push(
      `#### ${size} tables vs the same with drift\n`,
      markdownTable(
        ["tool", "median", "runs", "time vs driftgate", "peak RSS", "found"],
        rows.map((r) => [r.tool, r.ok ? seconds(r.medianMs) : `failed: ${r.error}`, r.n, r.ok ? ratio(r.medianMs / dg.medianMs) : "—", megabytes(r.maxRssMB), r.found ?? ""]),
      ),
      "",
    );
    data.push({ size, source, target, runs, tools: rows });
    if (size === Math.max(...ctx.sizes)) {
      const speedup = dg.ok && migra.ok ? migra.medianMs / dg.medianMs : null;
      targets.push(
        { target: `check n=${size}: ≥ 15x faster than @pgkit/migra`, value: ratio(speedup), met: speedup === null ? null : speedup >= 15 },
        { target: `check n=${size}: peak RSS < 400 MB`, value: megabytes(dg.maxRssMB), met: dg.ok ? dg.maxRssMB < 400 : null },
      );
    }
  }
  return { title: "Check speed (issue 3)", markdown: out.join("\n"), data, targets };
}
