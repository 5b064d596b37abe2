import pg from "pg";
import { randomBytes } from "node:crypto";

/**
 * Integration tests run against the real server when DATABASE_URL names one (.ci/run always does), and
 * against embedded PGlite always. Each server test file works in its own scratch database so files can
 * run in parallel without seeing each other's objects.
 */
export const serverUrl: string | undefined = process.env.DATABASE_URL || undefined;

export interface ScratchDatabase {
  readonly url: string;
  readonly name: string;
  /** Runs SQL in the scratch database as the admin user. */
  exec(sql: string): Promise<void>;
  drop(): Promise<void>;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function createScratchDatabase(prefix = "dg"): Promise<ScratchDatabase> {
  if (!serverUrl) throw new Error("DATABASE_URL is not set");
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  await adminExec(serverUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(serverUrl, name);
  return {
    url,
    name,
    exec: (sql) => adminExec(url, sql),
    drop: () => adminExec(serverUrl!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export async function adminExec(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A role name unique to this run: roles are cluster-wide, so test files must never share one. */
export function uniqueRole(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString("hex")}`;
}

/**
 * A write tried as the application makes it, in a transaction that is always rolled back: "ok", or the
 * error PostgreSQL gave. A fresh connection each time, so database- and role-level settings of the
 * connecting user apply as at login.
 */
export async function tryRolledBack(url: string, statements: readonly string[]): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    for (const sql of statements) await client.query(sql);
    return "ok";
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.query("ROLLBACK").catch(() => undefined);
    await client.end();
  }
}
