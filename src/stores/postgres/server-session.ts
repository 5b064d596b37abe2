import type pg from "pg";
import { StoreError } from "../../errors.js";
import { redactSecrets, redactUrl, registerSecret } from "../../sources/redact.js";
import type { Row, SqlSession } from "./sql-session.js";

// pg is loaded on the first connection, not with this module: runs that read only files and cached
// snapshots (the schema author's warm check) import this module for its helpers and never connect.
let loaded: typeof pg | undefined;
async function driver(): Promise<typeof pg> {
  loaded ??= (await import("pg")).default;
  return loaded;
}

export interface ConnectOptions {
  /** Total time allowed to establish a connection, retries included. */
  readonly connectTimeoutMs?: number;
  /** Extra attempts after the first, for transient failures only. */
  readonly retries?: number;
  /** Client-side cap on any single round trip, a backstop behind the server's statement_timeout. */
  readonly queryTimeoutMs?: number;
  readonly applicationName?: string;
}

const DEFAULTS = { connectTimeoutMs: 10_000, retries: 3, queryTimeoutMs: 120_000 } as const;

// Failures that a later attempt may not meet: the server restarting, too many clients, a dropped socket.
// Authentication, a missing database or an unknown host will fail the same way again, so they fail at once.
const TRANSIENT_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "57P03", "53300", "08006", "08001"]);

function isTransient(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  if (code && TRANSIENT_CODES.has(code)) return true;
  return error instanceof Error && /timeout expired|Connection terminated unexpectedly/i.test(error.message);
}

/**
 * Connects to a PostgreSQL server. libpq environment variables (PGHOST, PGUSER, PGPASSWORD, ...) fill in
 * what the URL leaves out, as `pg` does. Errors are StoreErrors with the password masked.
 */
export async function connectServer(url: string, options: ConnectOptions = {}): Promise<SqlSession> {
  return serverSession(await connectClient(url, options));
}

/**
 * The `pg` client behind connectServer, for the one caller that needs the driver itself (COPY streams):
 * the same retries, timeouts, secret registration and redacted errors. A queryTimeoutMs of 0 turns the
 * client-side cap off, for reads whose length the caller bounds otherwise.
 */
export async function connectClient(url: string, options: ConnectOptions = {}): Promise<pg.Client> {
  const { connectTimeoutMs, retries, queryTimeoutMs } = { ...DEFAULTS, ...options };
  registerSecret(passwordOf(url));
  registerSecret(process.env.PGPASSWORD);
  const label = redactUrl(url);
  const deadline = Date.now() + connectTimeoutMs;
  let attempt = 0;
  for (;;) {
    const remaining = deadline - Date.now();
    const client = new (await driver()).Client({
      connectionString: url,
      connectionTimeoutMillis: Math.max(1, remaining),
      query_timeout: queryTimeoutMs > 0 ? queryTimeoutMs : undefined,
      application_name: options.applicationName ?? "driftgate",
    });
    // An idle client whose socket drops emits 'error'; without a listener that would crash the process.
    client.on("error", () => undefined);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      const backoff = Math.min(2_000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2);
      if (!isTransient(error) || attempt >= retries || Date.now() + backoff >= deadline) {
        throw new StoreError(`cannot connect to ${label}: ${describePgError(error)}`, { cause: error });
      }
      attempt++;
      await new Promise((resolve) => setTimeout(resolve, backoff));
    }
  }
}

/** A SqlSession over a connected client; closing the session ends the client. */
export function serverSession(client: pg.Client): SqlSession {
  let roundTrips = 0;
  return {
    engine: "server",
    get roundTrips() {
      return roundTrips;
    },
    async script(sql) {
      roundTrips++;
      const result = (await client.query(sql)) as unknown as pg.QueryResult | pg.QueryResult[];
      const results = Array.isArray(result) ? result : [result];
      return results.filter((r) => r.fields.length > 0).map((r) => r.rows as Row[]);
    },
    async stream(sql, onRow) {
      roundTrips++;
      let failure: unknown = null;
      await new Promise<void>((resolve, reject) => {
        const query = new loaded!.Query(sql, (error) => (error ? reject(error) : resolve())) as pg.Query & Describing;
        // The driver calls this hook of its Submittable interface once per row-returning statement,
        // before its rows and whether or not it has any: counting here keeps empty results in the count.
        let statement = -1;
        const describe = query.handleRowDescription;
        query.handleRowDescription = function (message) {
          statement++;
          describe.call(this, message);
        };
        query.on("row", (row: Row) => {
          const index = statement;
          if (failure !== null) return;
          // A throw here would unwind into the driver's socket handler; keep it for the caller instead.
          try {
            onRow(row, index);
          } catch (error) {
            failure = error;
          }
        });
        client.query(query);
      });
      if (failure !== null) throw failure;
    },
    async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []) {
      roundTrips++;
      const result = await client.query<T>(sql, [...params]);
      return result.rows;
    },
    async close() {
      await client.end().catch(() => undefined);
    },
  };
}

/** The part of pg's Submittable interface that stream() hooks into. */
interface Describing {
  handleRowDescription(this: unknown, message: unknown): void;
}

function passwordOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.password ? decodeURIComponent(parsed.password) : (parsed.searchParams.get("password") ?? undefined);
  } catch {
    return undefined;
  }
}

/** One line describing a driver or server error, with its SQLSTATE when there is one. */
export function describePgError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describePgError(error.errors[0]);
  const e = error as { message?: string; code?: string } | null;
  const message = (e?.message || String(error)).split("\n")[0] ?? "";
  const code = e?.code && /^[0-9A-Z]{5}$/.test(e.code) ? ` (SQLSTATE ${e.code})` : e?.code ? ` (${e.code})` : "";
  return redactSecrets(`${message}${code}`);
}
