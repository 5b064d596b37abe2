/**
 * Child process: reads one database's schema with one npm peer, the way its documentation shows, and
 * prints a one-line JSON summary (what it found) so the parent can show coverage next to time. Run in a
 * child so its peak RSS is its own. Usage: node runners/snapshot-peer.mjs <tool> <url>
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const [tool, url] = process.argv.slice(2);

async function migraInspector() {
  // @pgkit/migra's inspection is @pgkit/schemainspect's PostgreSQL inspector (what Migration.create runs
  // on each side); get_inspector is the entry point migra itself calls.
  const { createClient } = require("@pgkit/client");
  const { get_inspector } = require("@pgkit/schemainspect");
  const client = createClient(url);
  try {
    const inspected = await get_inspector(client);
    return {
      tables: Object.keys(inspected.tables).length,
      views: Object.keys(inspected.views).length + Object.keys(inspected.materialized_views).length,
      functions: Object.keys(inspected.functions).length,
      indexes: Object.keys(inspected.indexes).length,
      constraints: Object.keys(inspected.constraints).length,
      triggers: Object.keys(inspected.triggers).length,
      policies: Object.keys(inspected.rlspolicies).length,
      privileges: Object.keys(inspected.privileges).length,
    };
  } finally {
    await client.end();
  }
}

/**
 * The documented call. It runs one query per type, all at once through a knex pool, and each of those
 * queries scans the whole catalog; on 5 000 tables it fails with knex's "Timeout acquiring a connection"
 * after about a minute (one schema at a time is no better: still > 10 min).
 */
async function extractPgSchema() {
  const { extractSchemas } = require("extract-pg-schema");
  const schemas = Object.values(await extractSchemas(url)).filter((s) => s.name.startsWith("app_"));
  const sum = (f) => schemas.reduce((n, s) => n + f(s), 0);
  return {
    tables: sum((s) => s.tables.length),
    views: sum((s) => s.views.length + s.materializedViews.length),
    functions: sum((s) => s.functions.length),
    indexes: sum((s) => s.tables.reduce((n, t) => n + t.indices.length, 0)),
    triggers: sum((s) => s.tables.reduce((n, t) => n + (t.triggers?.length ?? 0), 0)),
    policies: sum((s) => s.tables.reduce((n, t) => n + (t.securityPolicies?.length ?? 0), 0)),
  };
}

async function pgStructure() {
  const mod = require("pg-structure");
  const pgStructure = mod.pgStructure ?? mod.default;
  const db = await pgStructure({ connectionString: url }, { includeSchemas: ["app\\_%"] });
  const schemas = [...db.schemas];
  const sum = (f) => schemas.reduce((n, s) => n + f(s), 0);
  return {
    tables: sum((s) => s.tables.length),
    views: sum((s) => s.views.length + s.materializedViews.length),
    functions: sum((s) => s.functions.length),
    indexes: sum((s) => s.tables.reduce((n, t) => n + t.indexes.length, 0)),
    constraints: sum((s) => s.tables.reduce((n, t) => n + t.constraints.length, 0)),
    triggers: sum((s) => s.tables.reduce((n, t) => n + t.triggers.length, 0)),
  };
}

const tools = { "migra-inspect": migraInspector, "extract-pg-schema": extractPgSchema, "pg-structure": pgStructure };
const run = tools[tool];
if (!run) {
  process.stderr.write(`unknown tool ${tool}; one of ${Object.keys(tools).join(", ")}\n`);
  process.exit(2);
}
const summary = await run();
process.stdout.write(`${JSON.stringify(summary)}\n`);
