import type { StoreSession } from "../../../model/store-driver.js";
import { POSTGRESQL } from "../model/snapshot.js";
import type { SqlSession } from "./sql-session.js";

/**
 * The engine hands sessions around as the neutral StoreSession; probe and scan need PostgreSQL's. Only
 * this dialect's drivers open sessions of its dialect, so anything else reaching here is a wiring bug.
 */
export function asSqlSession(session: StoreSession): SqlSession {
  if (session.dialect !== POSTGRESQL) throw new Error(`a ${session.dialect} session is not a PostgreSQL one`);
  return session as SqlSession;
}
