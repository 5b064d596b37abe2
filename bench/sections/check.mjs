import path from "node:path";
import { buildBaseline } from "../lib/baseline.mjs";
import { ensureDriftDatabase, schemaDatabase, urlFor } from "../lib/databases.mjs";
import { interleave, runMeasured } from "../lib/measure.mjs";
import { markdownTable, megabytes, ratio, seconds } from "../lib/report.mjs";
import { atLeastMs, firstErrorLine, logRun } from "./snapshot.mjs";

const MIGRA = "@pgkit/migra (diff, with privileges)";

/**
 * Issue 3: `driftgate check SOURCE TARGET` (two live snapshots plus judgement) against @pgkit/migra
 * diffing the same two databases. TARGET is SOURCE with drift applied, so exit 1 (drift found) is the
 * expected, successful outcome; 0 would mean the drift was missed. With --baseline, driftgate at that
 * commit runs the same check in the same rounds, so "as fast as before" is a ratio from one run.
 */
export async function checkSection(ctx) {
  const out = [];
  const data = [];
  const targets = [];
  const baseline = ctx.baseline ? await buildBaseline(ctx, ctx.baseline) : null;
  for (const size of ctx.checkSizes) {
    const target = await ensureDriftDatabase(size, ctx.seed, ctx.log);
    const source = schemaDatabase(size, ctx.seed);
    const [a, b] = [urlFor(source), urlFor(target)];
    const runs = ctx.runs ?? (size >= 5000 ? 3 : 5);
    const driftgate = (name, cli) => ({
      name,
      command: process.execPath,
      args: [cli, "check", a, b, "--format", "json"],
      expectCode: 1,
      found: (r) => {
        const report = JSON.parse(r.stdout);
        const s = report.summary ?? {};
        return `${s.breaking ?? "?"} breaking, ${s.risky ?? "?"} risky, ${s.info ?? "?"} info`;
      },
    });
    const tools = [
      driftgate("driftgate check --format json", ctx.cli),
      ...(baseline ? [driftgate(`driftgate check at ${baseline.sha}`, baseline.cli)] : []),
      ...(ctx.peers === false
        ? []
        : [
            {
              name: MIGRA,
              command: process.execPath,
              args: [path.join(ctx.benchDir, "runners/check-peer.mjs"), a, b],
              expectCode: 0,
              found: (r) => {
                const s = JSON.parse(r.stdout.trim().split("\n").pop());
                return `${s.statements} SQL statements`;
              },
            },
          ]),
    ];
    ctx.log(`check n=${size}: ${tools.map((t) => t.name).join(", ")} (interleaved, ${runs} rounds) ...`);
    const found = tools.map(() => null);
    const summaries = await interleave(
      tools.map((tool, i) => ({
        name: tool.name,
        keepRuns: tool.name !== MIGRA,
        once: async () => {
          const r = await runMeasured(tool.command, tool.args, { cwd: ctx.benchDir, timeoutMs: ctx.timeoutMs });
          const ok = r.code === tool.expectCode && !r.timedOut;
          if (ok && found[i] === null) {
            try {
              found[i] = tool.found(r);
            } catch {
              found[i] = "(unreadable output)";
            }
          }
          return {
            ok,
            ms: r.ms,
            maxRssMB: r.maxRssMB,
            timedOut: r.timedOut,
            error: ok
              ? null
              : r.timedOut
                ? `no result within ${seconds(ctx.timeoutMs)}`
                : `exit ${r.code} (expected ${tool.expectCode}) after ${seconds(r.ms)}: ${firstErrorLine(r.stderr)}`,
          };
        },
      })),
      runs,
      { slowMs: ctx.slowMs, onRun: logRun(ctx) },
    );
    const rows = summaries.map((summary, i) => ({ tool: tools[i].name, ...summary, found: found[i] }));
    const dg = rows[0];
    const before = baseline ? rows[1] : null;
    const migra = rows.find((r) => r.tool === MIGRA) ?? null;
    out.push(
      `#### ${size} tables vs the same with drift\n`,
      markdownTable(
        ["tool", "median", "runs", "time vs driftgate", "peak RSS", "found"],
        rows.map((r) => [
          r.tool,
          r.ok ? seconds(r.medianMs) : `failed: ${r.error}`,
          r.n,
          r.ok ? ratio(r.medianMs / dg.medianMs) : dg.ok && atLeastMs(r) ? `> ${ratio(atLeastMs(r) / dg.medianMs)}` : "—",
          megabytes(r.maxRssMB),
          r.found ?? "",
        ]),
      ),
      "",
    );
    data.push({ size, source, target, runs, tools: rows });
    if (size === Math.max(...ctx.checkSizes)) {
      // migra giving up or being stopped after T seconds still proves a speed-up of at least T / driftgate.
      const speedup = migra && dg.ok && atLeastMs(migra) ? atLeastMs(migra) / dg.medianMs : null;
      const bound = migra?.ok ? "" : "> ";
      if (migra) {
        targets.push({
          target: `check n=${size}: ≥ 15x faster than @pgkit/migra`,
          value: speedup === null ? "—" : `${bound}${ratio(speedup)}`,
          met: speedup === null ? null : speedup >= 15 ? true : migra.ok ? false : null,
        });
      }
      targets.push(
        { target: `check n=${size}: peak RSS < 400 MB`, value: megabytes(dg.maxRssMB), met: dg.ok ? dg.maxRssMB < 400 : null },
      );
    }
    if (before) {
      const vsBefore = dg.ok && before.ok ? dg.medianMs / before.medianMs : null;
      targets.push({
        target: `check n=${size}: time within 5% of ${baseline.sha}`,
        value: `${ratio(vsBefore)}${vsBefore === null ? "" : ` (RSS ${megabytes(dg.maxRssMB)} vs ${megabytes(before.maxRssMB)})`}`,
        met: vsBefore === null ? null : vsBefore <= 1.05,
      });
    }
  }
  return { title: "Check speed (issue 3)", markdown: out.join("\n"), data, targets };
}
