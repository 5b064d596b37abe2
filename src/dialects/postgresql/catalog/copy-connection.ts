import pgCopyStreams from "pg-copy-streams";
import { closeClient, connectClient, guarded, serverSession } from "../session/server-session.js";
import type { SqlSession } from "../session/sql-session.js";

/** A server connection that can also stream COPY ... TO STDOUT, which SqlSession does not offer. */
export interface CopyConnection {
  readonly session: SqlSession;
  /** The raw COPY output, with backpressure: the server is paused while the consumer is busy. */
  copyOut(sql: string): AsyncIterable<Buffer>;
  close(): Promise<void>;
}

export interface CopyConnectOptions {
  readonly connectTimeoutMs?: number;
  /** Longest silence from the server while reading (see ConnectOptions.queryTimeoutMs); 0 turns it off. */
  readonly silenceTimeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Opens a connection for a streaming read, by connectServer's rules (secrets registered, redacted
 * one-line StoreErrors, no crash on a dropped socket, a bound on the server's silence), keeping the
 * client because COPY needs the driver's own stream. One attempt: a scan is not a gate that must ride
 * out a restart, and the caller sees exit 3 at once. The bound is on silence, not on the whole read: a
 * scan is as long as its table, and the server keeps sending while it reads.
 */
export async function connectForCopy(url: string, options: CopyConnectOptions = {}): Promise<CopyConnection> {
  const client = await connectClient(url, {
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    retries: 0,
    queryTimeoutMs: options.silenceTimeoutMs ?? 0,
    env: options.env,
  });
  const session = serverSession(client);
  return {
    session,
    copyOut: (sql) => guardedIterable(client, () => client.query(pgCopyStreams.to(sql))),
    close: () => closeClient(client),
  };
}

/** The whole iteration counts as one round trip, so silence while the consumer waits for data is bounded. */
function guardedIterable(client: Parameters<typeof guarded>[0], open: () => AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  return {
    [Symbol.asyncIterator]() {
      let iterator: AsyncIterator<Buffer> | null = null;
      return {
        next: () => guarded(client, () => (iterator ??= open()[Symbol.asyncIterator]()).next()),
        return: async (value?: unknown) => {
          await iterator?.return?.(value);
          return { done: true, value: undefined };
        },
      };
    },
  };
}
