import { PGlite } from "@electric-sql/pglite";
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

/** A fresh, empty embedded PostgreSQL (takes a few seconds: share one where you can). */
export async function createPglite(): Promise<PGlite> {
  const db = new PGlite();
  await db.waitReady;
  return db;
}
