import path from "node:path";
import { ensureDocumentsFile, ensureSchemaFile } from "../lib/data-files.mjs";
import { repeat, runMeasured } from "../lib/measure.mjs";
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
  const limits = { cfworker: Math.min(ctx.docs, 50_000), jsonschema: Math.min(ctx.docs, 10_000) };
  const labels = {
    floor: "JSON.parse only (floor)",
    ajv: "ajv (bare, compiled)",
    driftgate: "driftgate (library)",
    cfworker: "@cfworker/json-schema",
    jsonschema: "jsonschema",
  };

  const measureChild = async (mode, tool) => {
    ctx.log(`validate ${mode}: ${tool} ...`);
    const args = [runner, mode, tool, schemaFile, docsFile, ...(limits[tool] ? [String(limits[tool])] : [])];
    let last = null;
    const summary = await repeat(
      runs,
      async () => {
        const r = await runMeasured(process.execPath, args, { cwd: ctx.benchDir, timeoutMs: ctx.timeoutMs });
        if (r.code !== 0 || r.timedOut) return { ok: false, ms: r.ms, error: r.timedOut ? "timeout" : `exit ${r.code}: ${firstErrorLine(r.stderr)}` };
        last = JSON.parse(r.stdout.trim().split("\n").pop());
        return { ok: true, ms: last.ms, maxRssMB: r.maxRssMB, documents: last.documents, valid: last.valid };
      },
      { slowMs: Math.max(ctx.slowMs, 60_000), onRun: (r) => ctx.log(`  ${r.ok ? `${rate(r.documents / (r.ms / 1000))} docs/s` : r.error}`) },
    );
    const perSecond = summary.ok ? last.documents / (summary.medianMs / 1000) : null;
    return { mode, tool, label: labels[tool], ...summary, documents: last?.documents ?? null, valid: last?.valid ?? null, perSecond };
  };

  const stream = [];
  for (const tool of ["floor", "ajv", "driftgate", "cfworker", "jsonschema"]) stream.push(await measureChild("stream", tool));
  const memory = [];
  for (const tool of ["ajv", "driftgate", "cfworker", "jsonschema"]) memory.push(await measureChild("memory", tool));

  // The command as users run it: wall time, start-up and compilation included. Exit 1: some documents are invalid.
  ctx.log("validate: driftgate validate CLI ...");
  const cli = await repeat(runs, async () => {
    const r = await runMeasured(process.execPath, [ctx.cli, "validate", schemaFile, docsFile, "--format", "json"], {
      cwd: ctx.dataDir,
      timeoutMs: ctx.timeoutMs,
    });
    const ok = r.code === 1 && !r.timedOut;
    let summaryLine = null;
    if (ok) summaryLine = JSON.parse(r.stdout).summary;
    return { ok, ms: r.ms, maxRssMB: r.maxRssMB, summary: summaryLine, error: ok ? null : `exit ${r.code}: ${firstErrorLine(r.stderr)}` };
  });
  const cliDocs = cli.runs.find((r) => r.summary)?.summary;
  const cliRow = {
    mode: "cli",
    tool: "driftgate-cli",
    label: "driftgate validate (CLI, wall time)",
    ...cli,
    documents: cliDocs?.documents ?? null,
    valid: cliDocs?.valid ?? null,
    perSecond: cli.ok && cliDocs ? cliDocs.documents / (cli.medianMs / 1000) : null,
  };

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
    `${ctx.docs} documents (${path.basename(docsFile)}); cfworker measured on the first ${limits.cfworker}, jsonschema on the first ${limits.jsonschema}.\n`,
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
