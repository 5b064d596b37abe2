import pgCopyStreams from "pg-copy-streams";
import { connectClient, serverSession } from "./server-session.js";
import type { SqlSession } from "./sql-session.js";

/** A server connection that can also stream COPY ... TO STDOUT, which SqlSession does not offer. */
export interface CopyConnection {
  readonly session: SqlSession;
  /** The raw COPY output, with backpressure: the server is paused while the consumer is busy. */
  copyOut(sql: string): AsyncIterable<Buffer>;
  close(): Promise<void>;
}

/**
 * Opens a connection for a streaming read, by connectServer's rules (secrets registered, redacted
 * one-line StoreErrors, no crash on a dropped socket), keeping the client because COPY needs the driver's
 * own stream. One attempt: a scan is not a gate that must ride out a restart, and the caller sees exit 3
 * at once. No client-side query cap: a scan is as long as its table, bounded by its statement_timeout.
 */
export async function connectForCopy(url: string, options: { connectTimeoutMs?: number } = {}): Promise<CopyConnection> {
  const client = await connectClient(url, { connectTimeoutMs: options.connectTimeoutMs ?? 10_000, retries: 0, queryTimeoutMs: 0 });
  const session = serverSession(client);
  return {
    session,
    copyOut: (sql) => client.query(pgCopyStreams.to(sql)),
    close: () => session.close(),
  };
}
