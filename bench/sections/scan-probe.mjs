import { once } from "node:events";
import path from "node:path";
import copyStreams from "pg-copy-streams";
import { ensureRowsDatabase, rowsDatabase, urlFor } from "../lib/databases.mjs";
import { ensureDocumentsFile, ensureSchemaFile } from "../lib/data-files.mjs";
import { DOCUMENTS_VERSION, documentTexts } from "../lib/documents.mjs";
import { interleave, runMeasured } from "../lib/measure.mjs";
import { markdownTable, megabytes, rate, ratio, seconds } from "../lib/report.mjs";
import { firstErrorLine, logRun } from "./snapshot.mjs";

/**
 * The table probe writes to: the order document's properties as columns (probe maps properties to
 * columns), with the constraints an application table has, so some trial writes are rejected for real.
 */
const ORDERS_TABLE = `
create table public.orders (
  id uuid primary key,
  "tenantId" uuid not null,
  number integer not null check (number > 0),
  status text not null check (status in ('draft', 'placed', 'paid', 'shipped', 'delivered', 'cancelled')),
  customer jsonb not null check (customer ? 'email'),
  items jsonb not null check (jsonb_typeof(items) = 'array' and jsonb_array_length(items) > 0),
  "shippingAddress" jsonb,
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  total numeric(14,2) not null check (total >= 0),
  tags text[],
  notes text,
  "createdAt" timestamp with time zone not null,
  metadata jsonb,
  unique ("tenantId", number)
);
create index orders_tenant_created_idx on public.orders ("tenantId", "createdAt");
create function public.orders_touch() returns trigger language plpgsql as $$
begin
  if new."createdAt" > now() + interval '1 day' then raise exception 'createdAt in the future'; end if;
  return new;
end;
$$;
create trigger orders_touch before insert or update on public.orders for each row execute function public.orders_touch();
`;

async function loadRows(client, rows, seed) {
  await client.query(ORDERS_TABLE);
  const stream = client.query(copyStreams.from("copy public.documents (id, doc) from stdin"));
  const done = new Promise((resolve, reject) => {
    stream.on("finish", resolve);
    stream.on("error", reject);
  });
  let id = 0;
  let buffer = "";
  for (const text of documentTexts(rows, seed)) {
    id++;
    // COPY text format: backslash is the only character JSON text can carry that needs escaping here.
    buffer += `${id}\t${text.replaceAll("\\", "\\\\")}\n`;
    if (buffer.length > 1 << 20) {
      if (!stream.write(buffer)) await once(stream, "drain");
      buffer = "";
    }
  }
  stream.end(buffer);
  await done;
}

async function rowsDatabaseFor(ctx) {
  const database = rowsDatabase(ctx.rows, ctx.seed, DOCUMENTS_VERSION);
  await ensureRowsDatabase(database, (client) => loadRows(client, ctx.rows, ctx.seed), ctx.log);
  return database;
}

function measured(ctx, name, command, args, { expectCodes, count, cwd }) {
  return {
    name,
    once: async () => {
      const r = await runMeasured(command, args, { cwd: cwd ?? ctx.benchDir, timeoutMs: ctx.timeoutMs });
      const ok = expectCodes.includes(r.code) && !r.timedOut;
      if (!ok) return { ok, ms: r.ms, error: r.timedOut ? "timeout" : `exit ${r.code}: ${firstErrorLine(r.stderr)}` };
      return { ok, ms: r.ms, maxRssMB: r.maxRssMB, ...count(r) };
    },
  };
}

/**
 * Issue 5, scan: every row of a 1 000 000-row jsonb table validated by `driftgate scan`, against the floor
 * (the same rows streamed out through COPY and JSON.parsed, nothing else) and bare ajv on those parsed rows.
 * All three are wall time of a child process, start-up included, so they compare like for like.
 */
export async function scanSection(ctx) {
  const database = await rowsDatabaseFor(ctx);
  const url = urlFor(database);
  const schemaFile = await ensureSchemaFile(ctx.dataDir);
  const runs = ctx.runs ?? 3;
  const floorRunner = path.join(ctx.benchDir, "runners/scan-floor.mjs");
  const fromJson = (r) => {
    const s = JSON.parse(r.stdout.trim().split("\n").pop());
    return { rows: s.rows, valid: s.valid };
  };
  const fromScan = (r) => {
    const s = JSON.parse(r.stdout).summary ?? {};
    return { rows: s.rows ?? null, valid: s.valid ?? (s.rows != null && s.invalid != null ? s.rows - s.invalid : null) };
  };
  const tools = [
    { label: "COPY + JSON.parse (floor)", args: [floorRunner, "floor", url, schemaFile], expectCodes: [0], count: fromJson },
    { label: "COPY + JSON.parse + bare ajv", args: [floorRunner, "ajv", url, schemaFile], expectCodes: [0], count: fromJson },
    {
      label: "driftgate scan --column doc",
      args: [ctx.cli, "scan", url, "--schema", schemaFile, "--table", "public.documents", "--column", "doc", "--limit-errors", "100", "--format", "json"],
      expectCodes: [1],
      count: fromScan,
      cwd: ctx.dataDir,
    },
  ];
  ctx.log(`scan: ${tools.map((t) => t.label).join(", ")} (interleaved, ${runs} rounds) ...`);
  // Every scan of a million rows takes over 10 s; they still get their runs, within a minute each.
  const summaries = await interleave(
    tools.map((tool) => measured(ctx, tool.label, process.execPath, tool.args, tool)),
    runs,
    { slowMs: Math.max(ctx.slowMs, 60_000), onRun: logRun(ctx) },
  );
  const rows = summaries.map((summary, i) => {
    const last = summary.runs.find((r) => r.ok);
    return { tool: tools[i].label, ...summary, rows: last?.rows ?? null, valid: last?.valid ?? null, perSecond: summary.ok ? ctx.rows / (summary.medianMs / 1000) : null };
  });
  const [floor, ajv, dg] = rows;
  const markdown = [
    `${ctx.rows} rows of jsonb in ${database}.public.documents\n`,
    markdownTable(
      ["tool", "median", "rows/s", "vs floor", "vs COPY + ajv", "rows", "valid", "runs", "peak RSS"],
      rows.map((r) => [
        r.tool,
        r.ok ? seconds(r.medianMs) : `failed: ${r.error}`,
        rate(r.perSecond),
        r.ok && floor.ok ? ratio(r.perSecond / floor.perSecond) : "—",
        r.ok && ajv.ok && r !== floor ? ratio(r.perSecond / ajv.perSecond) : "—",
        r.rows,
        r.valid,
        r.n,
        megabytes(r.maxRssMB),
      ]),
    ),
    "",
  ].join("\n");
  const share = dg.ok && floor.ok ? dg.perSecond / floor.perSecond : null;
  return {
    title: "Scan throughput (issue 5)",
    markdown,
    data: { database, rows: ctx.rows, tools: rows },
    targets: [
      { target: "scan: ≥ 60% of the floor's rows/s", value: ratio(share), met: share === null ? null : share >= 0.6 },
      { target: "scan: peak RSS < 200 MB", value: megabytes(dg.maxRssMB), met: dg.ok ? dg.maxRssMB < 200 : null },
    ],
  };
}

/** Issue 5, probe: trial writes per second of `driftgate probe` into public.orders (always rolled back). */
export async function probeSection(ctx) {
  const database = await rowsDatabaseFor(ctx);
  const url = urlFor(database);
  const docsFile = await ensureDocumentsFile(ctx.dataDir, ctx.probeDocs, ctx.seed, ctx.log);
  const runs = ctx.runs ?? 3;
  ctx.log(`probe: ${ctx.probeDocs} documents, ${runs} runs ...`);
  const [summary] = await interleave(
    [
      measured(ctx, "driftgate probe", process.execPath, [ctx.cli, "probe", url, docsFile, "--table", "public.orders", "--format", "json"], {
        expectCodes: [0, 1],
        count: (r) => {
          const s = JSON.parse(r.stdout).summary;
          return { documents: s.documents, accepted: s.accepted, rejected: s.rejected };
        },
      }),
    ],
    runs,
    { slowMs: Math.max(ctx.slowMs, 60_000), onRun: logRun(ctx) },
  );
  const last = summary.runs.find((r) => r.ok);
  const perSecond = summary.ok && last ? last.documents / (summary.medianMs / 1000) : null;
  const markdown = [
    `${ctx.probeDocs} documents tried as INSERTs into ${database}.public.orders (constraints, unique key, trigger), rolled back; wall time, start-up included\n`,
    markdownTable(
      ["tool", "median", "trial writes/s", "accepted", "rejected", "runs", "peak RSS"],
      [["driftgate probe", summary.ok ? seconds(summary.medianMs) : `failed: ${summary.error}`, rate(perSecond), last?.accepted, last?.rejected, summary.n, megabytes(summary.maxRssMB)]],
    ),
    "",
  ].join("\n");
  return {
    title: "Probe throughput (issue 5)",
    markdown,
    data: { database, documents: ctx.probeDocs, ...summary, perSecond },
    targets: [{ target: "probe: ≥ 2 000 trial writes/s", value: rate(perSecond), met: perSecond === null ? null : perSecond >= 2000 }],
  };
}
