import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { GENERATOR_VERSION, generateDrift, generateSchema, rolesSql } from "../generate-schema.mjs";

/**
 * Scratch databases on the local server, named dgbench_v<generator version>_... so they never collide
 * with the tests' databases and are rebuilt when the generator changes. Building a 5 000-table database
 * takes half a minute, so a finished one is reused; "finished" is a database comment written last, so an
 * interrupted build is dropped and redone rather than measured half-made.
 */
export const ADMIN_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const PREFIX = "dgbench_";
const READY = `dgbench ready v${GENERATOR_VERSION}`;

export function urlFor(database) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

export const schemaDatabase = (size, seed) => `${PREFIX}v${GENERATOR_VERSION}_s${seed}_n${size}`;
export const driftDatabase = (size, seed) => `${schemaDatabase(size, seed)}_drift`;
export const rowsDatabase = (rows, seed, documentsVersion) => `${PREFIX}rows_v${documentsVersion}_s${seed}_n${rows}`;

export async function withAdmin(fn, database = null) {
  const client = new pg.Client({ connectionString: database ? urlFor(database) : ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A bench database name, checked and quoted for DDL. */
export const ident = (name) => {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name ${name}`);
  return `"${name}"`;
};

async function isReady(database) {
  return withAdmin(async (c) => {
    const r = await c.query(
      "select pg_catalog.shobj_description(d.oid, 'pg_database') as comment from pg_catalog.pg_database d where d.datname = $1",
      [database],
    );
    if (!r.rows.length) return "missing";
    return r.rows[0].comment === READY ? "ready" : "partial";
  });
}

async function recreate(database, template = null) {
  await withAdmin(async (c) => {
    await c.query(`drop database if exists ${ident(database)} with (force)`);
    await c.query(`create database ${ident(database)}${template ? ` template ${ident(template)}` : ""}`);
  });
}

async function markReady(database) {
  await withAdmin(async (c) => {
    // Planner statistics on the catalog, as autovacuum would have them on a long-lived store.
    await c.query("analyze");
  }, database);
  await withAdmin((c) => c.query(`comment on database ${ident(database)} is '${READY}'`));
}

/** Feeds SQL to psql on stdin: psql handles dollar quoting and multi-megabyte scripts without fuss. */
export function psql(database, sql, variables = {}) {
  return new Promise((resolve, reject) => {
    const args = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", urlFor(database)];
    for (const [k, v] of Object.entries(variables)) args.push("-v", `${k}=${v}`);
    const child = spawn("psql", args, { stdio: ["pipe", "ignore", "pipe"] });
    const errors = [];
    child.stderr.on("data", (d) => errors.push(d));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`psql on ${database} failed (${code}): ${Buffer.concat(errors).toString().slice(0, 2000)}`)),
    );
    child.stdin.end(sql);
  });
}

export async function ensureRoles() {
  await psql("postgres", rolesSql());
}

/** The generated N-table database, built unless a finished one of this generator version exists. */
export async function ensureSchemaDatabase(size, seed, log) {
  const database = schemaDatabase(size, seed);
  const state = await isReady(database);
  if (state === "ready") return database;
  log(`building ${database} (${size} tables${state === "partial" ? ", replacing an unfinished build" : ""}) ...`);
  const t0 = performance.now();
  await recreate(database);
  await psql(database, generateSchema({ tables: size, seed }).sql);
  await markReady(database);
  log(`  built ${database} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return database;
}

/** A copy of the N-table database with drift applied: the second side of `check`. */
export async function ensureDriftDatabase(size, seed, log) {
  const base = await ensureSchemaDatabase(size, seed, log);
  const database = driftDatabase(size, seed);
  if ((await isReady(database)) === "ready") return database;
  log(`building ${database} (copy of ${base} with drift) ...`);
  const t0 = performance.now();
  await recreate(database, base);
  await psql(database, generateDrift({ tables: size, seed }).sql, { dbname: database });
  await markReady(database);
  log(`  built ${database} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return database;
}

/** A database with one table of jsonb documents, loaded through COPY from `rows` (an async iterable of JSON text). */
export async function ensureRowsDatabase(database, load, log) {
  if ((await isReady(database)) === "ready") return database;
  log(`building ${database} ...`);
  const t0 = performance.now();
  await recreate(database);
  await withAdmin(async (c) => {
    await c.query("create table public.documents (id bigint primary key, doc jsonb not null)");
    await load(c);
  }, database);
  await withAdmin((c) => c.query("vacuum analyze public.documents"), database);
  await markReady(database);
  log(`  built ${database} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return database;
}

/** Drops bench databases of other generator versions: they would never be used again. */
export async function dropStaleDatabases(keep, log) {
  const stale = await withAdmin(async (c) => {
    const r = await c.query("select datname from pg_catalog.pg_database where datname like 'dgbench\\_%' order by 1");
    return r.rows.map((row) => row.datname).filter((name) => /^dgbench_(rows_)?v\d+_/.test(name) && !keep(name));
  });
  for (const name of stale) {
    log(`dropping stale ${name}`);
    await withAdmin((c) => c.query(`drop database if exists ${ident(name)} with (force)`));
  }
}

export { GENERATOR_VERSION };
