import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { generateSchema } from "../generate-schema.mjs";
import { ident, psql, urlFor, withAdmin } from "../lib/databases.mjs";
import { interleave, runMeasured } from "../lib/measure.mjs";
import { markdownTable, megabytes, ratio, seconds } from "../lib/report.mjs";
import { firstErrorLine, logRun } from "./snapshot.mjs";

/**
 * Issue 11: `driftgate report` over a fleet of 200 small metadata stores (20 tables each, a few odd
 * ones), at 20, 50 and 200 stores, against the floor of `pg_dump --schema-only` over the same databases
 * with the same concurrency. Each report run starts with an empty history folder, so every snapshot is
 * written (compressed) as on a first night.
 */
const FLEET_VERSION = 1;
const STORES = 200;
const TABLES = 20;
const CONCURRENCY = 4;
const SIZES = [20, 50, 200];
// The odd ones out: an extra table in one, a NOT NULL column added by hand in two others.
const ODD = { 17: "create table public.report_extra (id bigint primary key, note text);", 101: null, 173: null };

const database = (i) => `dgbench_report_v${FLEET_VERSION}_${String(i).padStart(3, "0")}`;
const READY = `dgbench report fleet v${FLEET_VERSION} ready`;

async function ensureFleet(ctx) {
  const last = database(STORES);
  const ready = await withAdmin(async (c) => {
    const r = await c.query("select pg_catalog.shobj_description(oid, 'pg_database') as comment from pg_catalog.pg_database where datname = $1", [last]);
    return r.rows[0]?.comment === READY;
  });
  if (ready) return;
  ctx.log(`building ${STORES} databases of ${TABLES} tables (dgbench_report_v${FLEET_VERSION}_*) ...`);
  const template = `dgbench_report_v${FLEET_VERSION}_template`;
  await withAdmin(async (c) => {
    await c.query(`drop database if exists ${ident(template)} with (force)`);
    await c.query(`create database ${ident(template)}`);
  });
  await psql(template, generateSchema({ tables: TABLES, seed: ctx.seed }).sql);
  // The column the two hand-changed stores get: the first table the generator made.
  const first = await withAdmin(async (c) => {
    const r = await c.query("select quote_ident(table_schema) || '.' || quote_ident(table_name) as t from information_schema.tables where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog','information_schema') order by 1 limit 1");
    return r.rows[0].t;
  }, template);
  for (let i = 1; i <= STORES; i++) {
    await withAdmin(async (c) => {
      await c.query(`drop database if exists ${ident(database(i))} with (force)`);
      await c.query(`create database ${ident(database(i))} template ${ident(template)}`);
    });
    if (i in ODD) await psql(database(i), ODD[i] ?? `alter table ${first} add column added_by_hand text not null default 'x';`);
  }
  await withAdmin((c) => c.query(`comment on database ${ident(last)} is '${READY}'`));
}

export async function reportSection(ctx) {
  await ensureFleet(ctx);
  const out = [];
  const data = [];
  const rowsBySize = new Map();
  const runs = ctx.runs ?? 3;
  for (const size of SIZES) {
    const dir = path.join(ctx.tmp, `report-${size}`);
    await mkdir(path.join(dir, "environments"), { recursive: true });
    const template = urlFor(`dgbench_report_v${FLEET_VERSION}_{shard}`).replace("%7B", "{").replace("%7D", "}");
    await writeFile(path.join(dir, "environments", "prod.json"), JSON.stringify({ store: template, shards: { from: 1, to: size, width: 3 } }));
    const urls = Array.from({ length: size }, (_, i) => urlFor(database(i + 1)));
    const tools = [
      {
        name: `driftgate report --concurrency ${CONCURRENCY}`,
        command: process.execPath,
        args: [ctx.cli, "report", "--concurrency", String(CONCURRENCY), "--history", "history", "--out", "out", "-q"],
        // 0 or 1: the extra table in store 017 is info, the NOT NULL columns of 101 and 173 (defaulted) too;
        // what is checked is that the report found exactly the odd stores in range (found, below).
        expectCode: [0, 1],
        found: async () => {
          const report = JSON.parse(await readFile(path.join(dir, "out", "report.json"), "utf8"));
          const fleet = report.fleets[0];
          return `${fleet.groups.length} distinct, odd: ${fleet.odd.map((o) => o.shard).join(", ") || "none"}`;
        },
        before: () => rm(path.join(dir, "history"), { recursive: true, force: true }),
      },
      {
        name: `pg_dump --schema-only × ${size}, ${CONCURRENCY} at once`,
        command: process.execPath,
        args: [path.join(ctx.benchDir, "runners/pg-dump-fleet.mjs"), String(CONCURRENCY), ...urls],
        expectCode: [0],
        found: async () => "",
        before: async () => undefined,
      },
    ];
    ctx.log(`report n=${size} stores: interleaved, ${runs} rounds ...`);
    const found = tools.map(() => null);
    const summaries = await interleave(
      tools.map((tool, i) => ({
        name: tool.name,
        once: async () => {
          await tool.before();
          const r = await runMeasured(tool.command, tool.args, { cwd: dir, timeoutMs: ctx.timeoutMs, keepStdout: true });
          const ok = tool.expectCode.includes(r.code) && !r.timedOut;
          if (ok && found[i] === null) found[i] = await tool.found().catch(() => "(unreadable report.json)");
          return { ok, ms: r.ms, maxRssMB: r.maxRssMB, timedOut: r.timedOut, error: ok ? null : `exit ${r.code} (expected ${tool.expectCode.join(" or ")}): ${firstErrorLine(r.stderr)}` };
        },
      })),
      runs,
      { slowMs: ctx.timeoutMs, onRun: logRun(ctx) },
    );
    const rows = summaries.map((s, i) => ({ tool: tools[i].name, ...s, found: found[i] }));
    rowsBySize.set(size, rows);
    data.push({ size, runs, tools: rows });
  }
  const table = [];
  for (const size of SIZES) {
    const [dg, dump] = rowsBySize.get(size);
    table.push([size, dg.ok ? seconds(dg.medianMs) : `failed: ${dg.error}`, megabytes(dg.maxRssMB), dump.ok ? seconds(dump.medianMs) : `failed: ${dump.error}`, megabytes(dump.maxRssMB), dg.ok && dump.ok ? ratio(dg.medianMs / dump.medianMs) : "—", dg.n, dg.found ?? ""]);
  }
  out.push(
    `${STORES} databases of ${TABLES} tables (the snapshot generator's, seed ${ctx.seed}), 3 of them odd; ${CONCURRENCY} stores read at once by both.\n`,
    markdownTable(["stores", "driftgate report", "peak RSS", "pg_dump --schema-only floor", "pg_dump peak RSS", "report / floor", "runs", "report found"], table),
    "",
  );
  const [dg200, dump200] = rowsBySize.get(200);
  const [dg20] = rowsBySize.get(20);
  const growth = dg200.ok && dg20.ok ? dg200.medianMs / dg20.medianMs : null;
  const vsFloor = dg200.ok && dump200.ok ? dg200.medianMs / dump200.medianMs : null;
  const targets = [
    { target: "report n=200 stores: ≤ 0.5x pg_dump --schema-only over the same stores", value: ratio(vsFloor), met: vsFloor === null ? null : vsFloor <= 0.5 },
    { target: "report: 200 stores cost ≤ 11x 20 stores", value: ratio(growth), met: growth === null ? null : growth <= 11 },
    { target: "report n=200 stores: peak RSS < 300 MB", value: megabytes(dg200.maxRssMB), met: dg200.ok ? dg200.maxRssMB < 300 : null },
  ];
  return { title: "Report over a fleet (issue 11)", markdown: out.join("\n"), data, targets };
}
