import { randomBytes } from "node:crypto";
import { openAsBlob } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import type { Extension, PGlite } from "@electric-sql/pglite";
import type { Row, SqlSession } from "./sql-session.js";

/** Wraps an embedded PGlite. `ownsDatabase` decides whether close() shuts the engine down. */
export function pgliteSession(db: PGlite, ownsDatabase: boolean): SqlSession {
  let roundTrips = 0;
  return {
    engine: "pglite",
    get roundTrips() {
      return roundTrips;
    },
    async script(sql) {
      roundTrips++;
      const results = await db.exec(sql);
      return results.filter((r) => r.fields.length > 0).map((r) => r.rows as Row[]);
    },
    async stream(sql, onRow) {
      roundTrips++;
      // PGlite answers a script all at once; rows are handed over afterwards, in the same order.
      const results = (await db.exec(sql)).filter((r) => r.fields.length > 0);
      results.forEach((result, statement) => result.rows.forEach((row) => onRow(row as Row, statement)));
    },
    async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []) {
      roundTrips++;
      const result = await db.query<T>(sql, [...params]);
      return result.rows;
    },
    async close() {
      if (ownsDatabase && !db.closed) await db.close();
    },
  };
}

/**
 * The contrib extensions PGlite ships as loadable bundles (@electric-sql/pglite/contrib/<module>). A bundle
 * must be handed to the constructor: CREATE EXTENSION cannot find one that was not, so migrations that
 * create an extension need it named here. Each bundle adds startup time, so only named ones are loaded.
 */
export const PGLITE_CONTRIB_EXTENSIONS: readonly string[] = [
  "amcheck", "auto_explain", "bloom", "btree_gin", "btree_gist", "citext", "cube", "dict_int", "dict_xsyn",
  "earthdistance", "file_fdw", "fuzzystrmatch", "hstore", "intarray", "isn", "lo", "ltree", "moddatetime",
  "pageinspect", "pg_buffercache", "pg_freespacemap", "pg_stat_statements", "pg_surgery", "pg_trgm",
  "pg_visibility", "pg_walinspect", "pgcrypto", "seg", "tablefunc", "tcn", "tsm_system_rows", "tsm_system_time",
  "unaccent", "uuid-ossp",
];

// CREATE EXTENSION ... CASCADE installs these too, so their bundles must be present as well.
const REQUIRES: Readonly<Record<string, readonly string[]>> = { earthdistance: ["cube"] };

export interface PgliteStartOptions {
  /**
   * A file that keeps a freshly initialised cluster between runs. initdb is most of an embedded start
   * (seconds, and a second and third WebAssembly instance at once); loading the cluster it made last
   * time skips all of that. Written atomically after a fresh start, before anything runs in it; a
   * template that cannot be loaded is removed and the cluster made afresh. Key the name by engine version.
   */
  readonly templateFile?: string;
}

/**
 * PostgreSQL settings for an engine that only applies migrations and reads its catalog. PGlite's
 * default 128 MB of shared buffers grows the WebAssembly memory past its 128 MB minimum on the first
 * query; 32 MB keeps it there (16 MB did too, but cost a tenth more CPU applying 500 generated tables).
 * (initialMemory cannot go lower: pglite.wasm declares 2048 pages, 128 MB,
 * as its minimum and refuses a smaller memory.) None of these is a setting a snapshot records
 * (WRITE_SETTINGS in catalog-script.ts).
 */
const START_SETTINGS = ["shared_buffers=32MB"];

/**
 * A fresh, empty embedded PostgreSQL (takes a few seconds: share one where you can). `extensions` are
 * extension names as CREATE EXTENSION spells them; names PGlite does not ship are ignored here and fail
 * later, in CREATE EXTENSION, with PostgreSQL's own message.
 */
export async function createPglite(extensions: readonly string[] = [], start: PgliteStartOptions = {}): Promise<PGlite> {
  const wanted = new Set<string>();
  for (const name of extensions.map((e) => e.toLowerCase())) {
    if (!PGLITE_CONTRIB_EXTENSIONS.includes(name)) continue;
    wanted.add(name);
    for (const required of REQUIRES[name] ?? []) wanted.add(required);
  }
  const bundles: Record<string, Extension> = {};
  for (const name of [...wanted].sort()) {
    const module = name.replaceAll("-", "_");
    const loaded = (await import(`@electric-sql/pglite/contrib/${module}`)) as Record<string, Extension>;
    const bundle = loaded[module];
    if (bundle) bundles[module] = bundle;
  }
  // Imported here, not at the top: commands that never start an embedded engine skip loading it.
  const { PGlite } = await import("@electric-sql/pglite");
  const options = {
    extensions: bundles,
    relaxedDurability: true,
    startParams: [...PGlite.defaultStartParams, ...START_SETTINGS.flatMap((s) => ["-c", s])],
  };
  if (start.templateFile) {
    const template = await openTemplate(start.templateFile);
    if (template) {
      try {
        const db = new PGlite({ ...options, loadDataDir: template });
        await db.waitReady;
        return db;
      } catch {
        // A truncated or foreign template: made afresh below and replaced.
        await rm(start.templateFile, { force: true });
      }
    }
  }
  const db = new PGlite(options);
  await db.waitReady;
  if (start.templateFile) await saveTemplate(db, start.templateFile);
  return db;
}

async function openTemplate(file: string): Promise<Blob | null> {
  try {
    // A file-backed Blob: the tarball is not held in memory twice.
    return await openAsBlob(file);
  } catch {
    return null; // openAsBlob throws synchronously for a missing file
  }
}

/** Best effort: a cache that cannot be written costs the next run its speed, never its answer. */
async function saveTemplate(db: PGlite, file: string): Promise<void> {
  try {
    const dump = await db.dumpDataDir("none");
    await mkdir(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      // Streamed out of the Blob: a second 40 MB copy of the cluster would raise the first run's peak.
      await writeFile(temp, dump.stream() as unknown as AsyncIterable<Uint8Array>);
      await rename(temp, file);
    } finally {
      await rm(temp, { force: true });
    }
    // Clusters kept for other engine builds (an upgraded PGlite) are never loaded again: 40 MB each.
    const name = basename(file);
    const others = (await readdir(dirname(file))).filter((n) => n !== name && /^pglite-[0-9a-f]+\.tar$/.test(n));
    await Promise.all(others.map((n) => rm(join(dirname(file), n), { force: true })));
  } catch {
    /* read-only or full cache directory */
  }
}

/** The installed PGlite's version and build, for cache keys: a different engine makes different clusters. */
export async function pgliteEngineVersion(): Promise<string> {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("@electric-sql/pglite");
  const root = join(dirname(entry), "..");
  const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { version: string };
  const sizes = await Promise.all(["pglite.wasm", "pglite.data", "initdb.wasm"].map((f) => stat(join(dirname(entry), f)).then((s) => s.size, () => 0)));
  return `${pkg.version}+${sizes.join(".")}+${START_SETTINGS.join(",")}`;
}
