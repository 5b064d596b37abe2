import path from "node:path";
import { ensureDocumentsFile, ensureSchemaFile } from "../lib/data-files.mjs";
import { interleave, runMeasured } from "../lib/measure.mjs";
import { markdownTable, megabytes, rate, ratio } from "../lib/report.mjs";
import { firstErrorLine } from "./snapshot.mjs";

/**
 * Issue 4: validation throughput on the same NDJSON documents. Each tool runs in its own process; the
 * child times its own work (compilation excluded), so the numbers compare validators, not start-up.
 * The CLI row is wall time of `driftgate validate` as a user runs it, start-up and compilation included.
 * The slowest peers are measured on a prefix of the file (the rate is a rate) to keep the run short.
 */
export async function validateSection(ctx) {
  const schemaFile = await ensureSchemaFile(ctx.dataDir);
  const docsFile = await ensureDocumentsFile(ctx.dataDir, ctx.docs, ctx.seed, ctx.log);
  const runs = ctx.runs ?? 3;
  const runner = path.join(ctx.benchDir, "runners/validate-tool.mjs");
  const limitsByMode = {
    stream: { cfworker: Math.min(ctx.docs, 50_000), jsonschema: Math.min(ctx.docs, 10_000) },
    memory: { cfworker: Math.min(ctx.docs, 20_000), jsonschema: Math.min(ctx.docs, 4_000) },
  };
  const labels = {
    floor: "JSON.parse only (floor)",
    ajv: "ajv (bare, compiled)",
    driftgate: "driftgate (library)",
    cfworker: "@cfworker/json-schema",
    jsonschema: "jsonschema",
  };

  const child = (mode, tool) => {
    const limit = limitsByMode[mode][tool];
    const args = [runner, mode, tool, schemaFile, docsFile, ...(limit ? [String(limit)] : [])];
    return {
      name: `${mode} ${tool}`,
      mode,
      tool,
      label: labels[tool],
      once: async () => {
        const r = await runMeasured(process.execPath, args, { cwd: ctx.benchDir, timeoutMs: ctx.timeoutMs });
        if (r.code !== 0 || r.timedOut) return { ok: false, ms: r.ms, error: r.timedOut ? "timeout" : `exit ${r.code}: ${firstErrorLine(r.stderr)}` };
        const out = JSON.parse(r.stdout.trim().split("\n").pop());
        return { ok: true, ms: out.ms, maxRssMB: r.maxRssMB, documents: out.documents, valid: out.valid };
      },
    };
  };
  // The command as users run it: wall time, start-up and compilation included. Exit 1: some documents are invalid.
  const cliTool = {
    name: "driftgate validate CLI",
    mode: "cli",
    tool: "driftgate-cli",
    label: "driftgate validate (CLI, wall time)",
    once: async () => {
      const r = await runMeasured(process.execPath, [ctx.cli, "validate", schemaFile, docsFile, "--format", "json"], { cwd: ctx.dataDir, timeoutMs: ctx.timeoutMs });
      if (r.code !== 1 || r.timedOut) return { ok: false, ms: r.ms, error: r.timedOut ? "timeout" : `exit ${r.code}: ${firstErrorLine(r.stderr)}` };
      const summary = JSON.parse(r.stdout).summary;
      return { ok: true, ms: r.ms, maxRssMB: r.maxRssMB, documents: summary.documents, valid: summary.valid };
    },
  };
  const onRun = (tool, r) => ctx.log(`  ${tool.name}: ${r.ok ? `${rate(r.documents / (r.ms / 1000))} docs/s` : r.error}`);
  const measure = async (tools) => {
    ctx.log(`validate: ${tools.map((t) => t.name).join(", ")} (interleaved, ${runs} rounds) ...`);
    const summaries = await interleave(tools, runs, { slowMs: Math.max(ctx.slowMs, 60_000), onRun });
    return summaries.map((summary, i) => {
      const last = summary.runs.find((r) => r.ok);
      const { mode, tool, label } = tools[i];
      const documents = last?.documents ?? null;
      return { mode, tool, label, ...summary, documents, valid: last?.valid ?? null, perSecond: summary.ok ? documents / (summary.medianMs / 1000) : null };
    });
  };

  const streamRows = await measure([...["floor", "ajv", "driftgate", "cfworker", "jsonschema"].map((t) => child("stream", t)), cliTool]);
  const cliRow = streamRows.pop();
  const stream = streamRows;
  const memory = await measure(["ajv", "driftgate", "cfworker", "jsonschema"].map((t) => child("memory", t)));

  const ajvStream = stream.find((r) => r.tool === "ajv");
  const ajvMemory = memory.find((r) => r.tool === "ajv");
  const table = (rows, base, withRss) =>
    markdownTable(
      ["tool", "docs/s", "vs bare ajv", "documents", "valid", "runs", ...(withRss ? ["peak RSS"] : [])],
      rows.map((r) => [
        r.label,
        r.ok ? rate(r.perSecond) : `failed: ${r.error}`,
        r.ok && base?.ok ? ratio(r.perSecond / base.perSecond) : "—",
        r.documents,
        r.valid,
        r.n,
        ...(withRss ? [megabytes(r.maxRssMB)] : []),
      ]),
    );
  const markdown = [
    `${ctx.docs} documents (${path.basename(docsFile)}); the slow peers on a prefix (see the documents column).\n`,
    "**Read + parse + validate** (NDJSON file, readline, JSON.parse, validate; compilation not timed)\n",
    table([...stream, cliRow], ajvStream, true),
    "",
    "**Validation only** (documents parsed in memory first)\n",
    table(memory, ajvMemory, false),
    "",
  ].join("\n");

  const dgStream = stream.find((r) => r.tool === "driftgate");
  const dgMemory = memory.find((r) => r.tool === "driftgate");
  const share = dgStream.ok && ajvStream.ok ? dgStream.perSecond / ajvStream.perSecond : null;
  const shareMemory = dgMemory.ok && ajvMemory.ok ? dgMemory.perSecond / ajvMemory.perSecond : null;
  const validCounts = new Set([...stream, ...memory].filter((r) => r.ok && r.tool !== "floor" && r.documents === ctx.docs).map((r) => r.valid));
  const targets = [
    { target: "validate: driftgate ≥ 80% of bare ajv (read+parse+validate)", value: ratio(share), met: share === null ? null : share >= 0.8 },
    { target: "validate: driftgate ≥ 80% of bare ajv (validation only)", value: ratio(shareMemory), met: shareMemory === null ? null : shareMemory >= 0.8 },
  ];
  if (validCounts.size > 1) ctx.log(`WARNING: validators disagree on the number of valid documents: ${[...validCounts].join(", ")}`);
  return {
    title: "Validate throughput (issue 4)",
    markdown,
    data: { documents: ctx.docs, docsFile: path.basename(docsFile), stream, memory, cli: cliRow },
    targets,
  };
}
