/**
 * Where `driftgate snapshot` spends its time: each catalog query timed on its own (same transaction
 * settings as the real script), the size of its JSON, then the JS stages (JSON.parse, conversion,
 * canonical serialisation) timed in process, with the process's peak RSS. Uses $DGBENCH_PRODUCT/dist or
 * the repo's dist/.
 * Usage: node tools/profile-snapshot.mjs <url>
 */
import pg from "pg";
import { performance } from "node:perf_hooks";
import path from "node:path";
import { pathToFileURL } from "node:url";

// The bench's private build when DGBENCH_PRODUCT names it, else the repo's dist/.
const product = process.env.DGBENCH_PRODUCT ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const load = (file) => import(pathToFileURL(path.join(product, "dist", file)).href);
const catalog = await load("dialects/postgresql/catalog/catalog-script.js");
const { readSnapshot } = await load("dialects/postgresql/catalog/read-snapshot.js");
const { connectServer } = await load("dialects/postgresql/session/server-session.js");
const { serialiseSnapshot } = await load("files/snapshot-file.js");

const url = process.argv[2];
if (!url) throw new Error("usage: profile-snapshot.mjs <url>");
const { QUERY_NAMES } = catalog;
const scriptOptions = { includeSchemas: [], excludeSchemas: [], statementTimeoutMs: 600_000, lockTimeoutMs: 5_000 };
const client = new pg.Client({ connectionString: url });
await client.connect();
// The catalog module is being reworked; accept both of its shapes (one script, or queries by name).
let statements;
if (typeof catalog.catalogQueries === "function") {
  const versionNum = Number((await client.query("select current_setting('server_version_num') as v")).rows[0].v);
  const queries = catalog.catalogQueries({ ...scriptOptions, versionNum });
  statements = QUERY_NAMES.map((name) => queries[name]);
} else {
  statements = catalog.catalogScript(scriptOptions).split("\n").reduce((acc, line) => {
    if (/^(BEGIN|SET LOCAL|COMMIT)/.test(line)) return acc;
    if (line.startsWith("/* ")) acc.push(line);
    else if (acc.length) acc[acc.length - 1] += `\n${line}`;
    return acc;
  }, []);
}
if (statements.length !== QUERY_NAMES.length) throw new Error(`split into ${statements.length} statements`);
// The settings the real script reads with (catalog-script.ts limits()), less the timeouts.
await client.query(
  "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL search_path = pg_catalog; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL work_mem = '64MB';",
);
const rows = [];
let total = 0;
for (const [i, sql] of statements.entries()) {
  const t0 = performance.now();
  const r = await client.query(sql);
  const ms = performance.now() - t0;
  total += ms;
  // A result is one row of JSON per chunk of rows (older builds: one row for the whole result).
  const chunks = r.rows.map((row) => row.data ?? "[]");
  const chars = chunks.reduce((n, c) => n + c.length, 0);
  const count = chunks.reduce((n, c) => n + JSON.parse(c).length, 0);
  rows.push({ query: QUERY_NAMES[i], ms: Math.round(ms), jsonMB: +(chars / 1e6).toFixed(1), chunks: chunks.length, rows: count });
}
await client.query("COMMIT");
await client.end();
console.table(rows);
console.log(`sum of queries: ${Math.round(total)} ms`);

const session = await connectServer(url);
const t0 = performance.now();
const snapshot = await readSnapshot(session, { label: "bench", kind: "server" });
const t1 = performance.now();
await session.close();
const text = serialiseSnapshot(snapshot);
const t2 = performance.now();
console.log(`readSnapshot total ${Math.round(t1 - t0)} ms; serialiseSnapshot ${Math.round(t2 - t1)} ms (${(text.length / 1e6).toFixed(1)} MB); peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
