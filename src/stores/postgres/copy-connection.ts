import pg from "pg";
import pgCopyStreams from "pg-copy-streams";
import { StoreError } from "../../errors.js";
import { redactUrl, registerSecret } from "../../sources/redact.js";
import { describePgError } from "./server-session.js";
import type { Row, SqlSession } from "./sql-session.js";

/** A server connection that can also stream COPY ... TO STDOUT, which SqlSession does not offer. */
export interface CopyConnection {
  readonly session: SqlSession;
  /** The raw COPY output, with backpressure: the server is paused while the consumer is busy. */
  copyOut(sql: string): AsyncIterable<Buffer>;
  close(): Promise<void>;
}

/**
 * Opens a `pg` connection for a streaming read. It shares connectServer's rules (secrets registered,
 * redacted one-line StoreErrors, an 'error' listener so a dropped socket cannot crash the process) but
 * keeps the client, because COPY needs the driver's own stream. One attempt: a scan is not a gate that
 * must ride out a restart, and the caller sees exit 3 at once.
 */
export async function connectForCopy(url: string, options: { connectTimeoutMs?: number } = {}): Promise<CopyConnection> {
  try {
    const parsed = new URL(url);
    registerSecret(parsed.password ? decodeURIComponent(parsed.password) : parsed.searchParams.get("password"));
  } catch {
    // classifyStoreReference already refused malformed URLs; pg reports anything else when connecting.
  }
  registerSecret(process.env.PGPASSWORD);
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: "driftgate",
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new StoreError(`cannot connect to ${redactUrl(url)}: ${describePgError(error)}`, { cause: error });
  }
  let roundTrips = 0;
  const session: SqlSession = {
    engine: "server",
    get roundTrips() {
      return roundTrips;
    },
    async script(sql) {
      roundTrips++;
      const result = (await client.query(sql)) as unknown as pg.QueryResult | pg.QueryResult[];
      return (Array.isArray(result) ? result : [result]).filter((r) => r.fields.length > 0).map((r) => r.rows as Row[]);
    },
    async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []) {
      roundTrips++;
      return (await client.query<T>(sql, [...params])).rows;
    },
    async close() {
      await client.end().catch(() => undefined);
    },
  };
  return {
    session,
    copyOut(sql) {
      roundTrips++;
      return client.query(pgCopyStreams.to(sql));
    },
    close: () => session.close(),
  };
}
