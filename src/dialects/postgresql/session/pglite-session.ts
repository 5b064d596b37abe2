import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import type { Extension, PGlite } from "@electric-sql/pglite";
import { loadCluster, readClusterArchive } from "./pglite-cluster.js";
import type { Row, SqlSession } from "./sql-session.js";

/** Wraps an embedded PGlite. `ownsDatabase` decides whether close() shuts the engine down. */
export function pgliteSession(db: PGlite, ownsDatabase: boolean): SqlSession {
  let roundTrips = 0;
  return {
    dialect: "postgresql",
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
  /**
   * The cluster built with the package (see build-pglite-cluster.ts), used when there is no template:
   * a first run on a machine skips initdb too. Defaults to the one shipped for the installed engine
   * build; false for none (a fresh initdb, as a test of that path wants).
   */
  readonly prebuilt?: string | false;
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
 * A fresh, empty embedded PostgreSQL. `extensions` are extension names as CREATE EXTENSION spells them;
 * names PGlite does not ship are ignored here and fail later, in CREATE EXTENSION, with PostgreSQL's
 * own message. The cluster comes from the template, else the shipped one, else initdb (seconds); one
 * that will not load or start is skipped, so a damaged or foreign file costs time, never the answer.
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
  if (baselineCompilerOnly) useBaselineCompiler();
  // Imported here, not at the top: commands that never start an embedded engine skip loading it.
  const { PGlite, MemoryFS } = await import("@electric-sql/pglite");
  const options = {
    extensions: bundles,
    relaxedDurability: true,
    startParams: [...PGlite.defaultStartParams, ...START_SETTINGS.flatMap((s) => ["-c", s])],
  };
  const prebuilt = start.prebuilt ?? (await shippedClusterFile());
  const sources = [
    ...(start.templateFile ? [{ file: start.templateFile, removeIfBad: true }] : []),
    ...(prebuilt ? [{ file: prebuilt, removeIfBad: false }] : []),
  ];
  for (const source of sources) {
    const archive = await readClusterArchive(source.file);
    if (archive) {
      // The data directory is filled in before the engine looks for one, so it finds a cluster and skips initdb.
      class ClusterFS extends MemoryFS {
        override async initialSyncFs(): Promise<void> {
          await super.initialSyncFs();
          loadCluster(this.pg!, PGlite.paths.PGDATA, archive!);
        }
      }
      try {
        const db = new PGlite({ ...options, fs: new ClusterFS() });
        await db.waitReady;
        return db;
      } catch {
        /* a cluster this engine cannot start: the next source, or initdb */
      }
    }
    // A truncated or foreign template: made afresh below and replaced.
    if (source.removeIfBad) await rm(source.file, { force: true });
  }
  const db = new PGlite(options);
  await db.waitReady;
  if (start.templateFile) await saveTemplate(db, start.templateFile);
  return db;
}

/**
 * V8 compiles WebAssembly with its baseline compiler (Liftoff) and then, in the background, recompiles
 * the hot functions with TurboFan. For the 9 MB engine that tier-up costs about 3 s of CPU and 90 MB even
 * when only a few small migrations run (measured on the bundled example: 5.0 s of CPU against 1.9 s with
 * Liftoff only), and the process cannot exit before it is done. Baseline code is slower per statement,
 * yet applying 500 generated tables still took less CPU with Liftoff only (15.8 s against 18.6 s): the
 * engine's work is spread over too many functions for the tier-up to pay for itself. Process-wide, so
 * only the CLI opts in (preferBaselineCompiler, from bin/driftgate.js), and only when an engine is about to
 * start: a library user's own process keeps V8's defaults.
 */
let baselineCompilerOnly = false;

/** The CLI's choice (see useBaselineCompiler): embedded engines this process starts compile with Liftoff only. */
export function preferBaselineCompiler(): void {
  baselineCompilerOnly = true;
}

function useBaselineCompiler(): void {
  setFlagsFromString("--liftoff-only");
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

/**
 * Where the package keeps the cluster built for the engine it was built with (npm run build, see
 * build-pglite-cluster.ts): beside this module, named by the engine's version and build, so another
 * PGlite (an upgrade, a deduplicated install) looks for a file that is not there and never loads a
 * cluster another engine made.
 */
export async function shippedClusterFile(): Promise<string> {
  const name = createHash("sha256").update(await pgliteEngineVersion()).digest("hex").slice(0, 16);
  return fileURLToPath(new URL(`pglite-cluster-${name}.tar.br`, import.meta.url));
}
