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

/**
 * A fresh, empty embedded PostgreSQL (takes a few seconds: share one where you can). `extensions` are
 * extension names as CREATE EXTENSION spells them; names PGlite does not ship are ignored here and fail
 * later, in CREATE EXTENSION, with PostgreSQL's own message.
 */
export async function createPglite(extensions: readonly string[] = []): Promise<PGlite> {
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
  const db = new PGlite({ extensions: bundles });
  await db.waitReady;
  return db;
}
