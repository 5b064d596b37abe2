import type { Socket } from "node:net";
import pg from "pg";
import { DriftgateError, StoreError } from "../../../errors.js";
import { redactSecrets, redactUrl, registerSecret } from "../../../model/redact.js";
import { connectionSettings, type ConnectionSettings, type TransportAttempt } from "./connection-settings.js";
import type { Row, SqlSession } from "./sql-session.js";

// pg is loaded on the first connection, not with this module: runs that read only files and cached
// snapshots (the schema author's warm check) import this module for its helpers and never connect.
let loaded: typeof pg | undefined;
async function driver(): Promise<typeof pg> {
  loaded ??= (await import("pg")).default;
  return loaded;
}

export interface ConnectOptions {
  /** Total time allowed to establish a connection, retries and TLS fallbacks included. */
  readonly connectTimeoutMs?: number;
  /** Extra attempts after the first, for transient failures only. */
  readonly retries?: number;
  /**
   * Longest silence from the server while a round trip is in flight; then the connection is destroyed and
   * the round trip fails. A server that is working sends its error when its statement_timeout fires, so
   * callers pass roundTripTimeoutMs(statement timeout): only a stalled network or server reaches it.
   * 0 turns it off.
   */
  readonly queryTimeoutMs?: number;
  readonly applicationName?: string;
  /** Where PG* variables (PGSSLMODE, PGPASSWORD, ...) are read; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Connections to one store over one network path: when one of them is found stalled, the others are
   * dropped with it, rather than each waiting out its own bound (the snapshot's second connection would
   * otherwise wait again to roll back).
   */
  readonly stallGroup?: object;
}

const DEFAULTS = { connectTimeoutMs: 10_000, retries: 3, queryTimeoutMs: 120_000 } as const;

/**
 * The client-side bound on one round trip: the server's own statement timeout plus a margin for the
 * network to carry its answer (a tenth of it, at least 2 s, at most 30 s).
 */
export function roundTripTimeoutMs(statementTimeoutMs: number): number {
  return statementTimeoutMs + Math.min(30_000, Math.max(2_000, Math.ceil(statementTimeoutMs / 10)));
}

// Failures that a later attempt may not meet: the server restarting, too many clients, a dropped socket.
// Authentication, a missing database or an unknown host will fail the same way again, so they fail at once.
const TRANSIENT_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "57P03", "53300", "08006", "08001"]);

function isTransient(error: unknown): boolean {
  if (error instanceof DriftgateError) return false;
  const code = (error as { code?: string } | null)?.code;
  if (code && TRANSIENT_CODES.has(code)) return true;
  return error instanceof Error && /timeout expired|Connection terminated unexpectedly/i.test(error.message);
}

// Failures after which the other transport of allow/prefer cannot do better: the host is not there, the
// password is wrong, the database does not exist, the server is full or we ran out of time.
const SAME_EITHER_WAY = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "28P01", "3D000", "53300", "57P03"]);

function worthOtherTransport(error: unknown): boolean {
  if (error instanceof DriftgateError) return false;
  const code = (error as { code?: string } | null)?.code;
  if (code && SAME_EITHER_WAY.has(code)) return false;
  return !(error instanceof Error && /timeout expired/i.test(error.message));
}

/** Clients open now, so that a command's overall deadline can destroy them all at once. */
const live = new Map<pg.Client, (reason: Error) => void>();

/**
 * Destroys every open server connection, failing whatever is in flight on it with `reason`: the
 * command's overall --timeout fired. The server sees the connection drop and ends its transaction.
 */
export function abortServerConnections(reason: Error): void {
  // The abort stays in force for the rest of this command: work still unwinding from before it (a retry
  // loop, or check going on to read the next store) must not open new connections. The next command of
  // an in-process run starts a new epoch (beginConnectionEpoch).
  abortedEpochs.set(epoch, reason);
  for (const abort of [...live.values()]) abort(reason);
}

/** Called once at the start of every command run, so that one run's abort never reaches the next. */
export function beginConnectionEpoch(): void {
  epoch++;
}

let epoch = 0;
const abortedEpochs = new Map<number, Error>();

/**
 * Connects to a PostgreSQL server. libpq environment variables (PGHOST, PGUSER, PGPASSWORD, PGSSLMODE,
 * ...) fill in what the URL leaves out, and sslmode means what it means to libpq. Errors are StoreErrors
 * with the password masked.
 */
export async function connectServer(url: string, options: ConnectOptions = {}): Promise<SqlSession> {
  return serverSession(await connectClient(url, options));
}

/**
 * The `pg` client behind connectServer, for the one caller that needs the driver itself (COPY streams):
 * the same retries, timeouts, secret registration and redacted errors. Use guarded() to run
 * anything on it under the same round-trip bound as a session.
 */
export async function connectClient(url: string, options: ConnectOptions = {}): Promise<pg.Client> {
  // `??`, not spread: callers pass their flags through, and an undefined one must not erase a default.
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs;
  const retries = options.retries ?? DEFAULTS.retries;
  const queryTimeoutMs = options.queryTimeoutMs ?? DEFAULTS.queryTimeoutMs;
  registerSecret(passwordOf(url));
  const env = options.env ?? process.env;
  registerSecret(env.PGPASSWORD);
  const settings = connectionSettings(url, env);
  const label = redactUrl(url);
  const deadline = Date.now() + connectTimeoutMs;
  const started = epoch;
  let attempt = 0;
  for (;;) {
    let failure: unknown = null;
    for (const [index, transport] of settings.attempts.entries()) {
      const aborted = abortedEpochs.get(started);
      if (aborted) throw aborted;
      try {
        const client = await connectOnce(settings, transport, Math.max(1, deadline - Date.now()), queryTimeoutMs, options);
        const late = abortedEpochs.get(started);
        if (late) {
          streamOf(client)?.destroy();
          throw late;
        }
        return client;
      } catch (error) {
        failure = error;
        // allow and prefer try the other transport, as libpq does, when this one could be the reason.
        if (index + 1 < settings.attempts.length && worthOtherTransport(error) && Date.now() < deadline) continue;
        break;
      }
    }
    const backoff = Math.min(2_000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2);
    if (!isTransient(failure) || attempt >= retries || Date.now() + backoff >= deadline) {
      if (failure instanceof DriftgateError) throw failure;
      throw new StoreError(`cannot connect to ${label}: ${describeConnectError(failure, settings)}`, { cause: failure });
    }
    attempt++;
    await new Promise((resolve) => setTimeout(resolve, backoff));
  }
}

/** What a client knows of its guard: whether a round trip is in flight, and why it was destroyed. */
interface Guard {
  busy: number;
  reason: Error | null;
  readonly socket: Socket | null;
  readonly silenceMs: number;
}
const guards = new WeakMap<pg.Client, Guard>();
const stallGroups = new WeakMap<object, Set<pg.Client>>();

const NO_PASSWORD = "the server asks for a password and none was given";

async function connectOnce(
  settings: ConnectionSettings,
  transport: TransportAttempt,
  connectTimeoutMs: number,
  silenceMs: number,
  options: ConnectOptions,
): Promise<pg.Client> {
  const applicationName = options.applicationName;
  const client = new pg.Client({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    database: settings.database,
    // A function, so the driver never falls back to its own (deprecated, warning-printing) password file
    // lookup: the password file was already read with the rest of the settings.
    password: async () => {
      if (settings.password === undefined) throw Object.assign(new Error(NO_PASSWORD), { code: "DG_NO_PASSWORD" });
      return settings.password;
    },
    ssl: transport.tls ? transport.options : false,
    options: settings.options,
    connectionTimeoutMillis: connectTimeoutMs,
    application_name: applicationName ?? settings.applicationName ?? "driftgate",
    // Keepalive probes find a peer that vanished while the connection idles between round trips.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // An idle client whose socket drops emits 'error'; without a listener that would crash the process.
  client.on("error", () => undefined);
  const abort = (reason: Error) => {
    const guard = guards.get(client);
    if (guard) guard.reason ??= reason;
    streamOf(client)?.destroy();
  };
  live.set(client, abort);
  try {
    await client.connect();
  } catch (error) {
    live.delete(client);
    streamOf(client)?.destroy();
    throw error;
  }
  const socket = streamOf(client);
  const guard: Guard = { busy: 0, reason: null, socket, silenceMs };
  guards.set(client, guard);
  const group = options.stallGroup ? (stallGroups.get(options.stallGroup) ?? new Set<pg.Client>()) : null;
  if (options.stallGroup && group) {
    stallGroups.set(options.stallGroup, group);
    group.add(client);
  }
  socket?.on("timeout", () => {
    if (guard.busy === 0) return;
    const reason = new StoreError(
      `no answer from the server for ${silenceMs} ms, longer than its statement timeout allows: the network or the server stalled, so the connection was dropped`,
    );
    guard.reason ??= reason;
    socket.destroy();
    for (const sibling of group ?? []) if (sibling !== client) live.get(sibling)?.(reason);
  });
  client.once("end", () => {
    live.delete(client);
    group?.delete(client);
  });
  return client;
}

function streamOf(client: pg.Client): Socket | null {
  return ((client as unknown as { connection?: { stream?: Socket } }).connection?.stream ?? null) as Socket | null;
}

/**
 * Runs one round trip on `client` under its guard: while it is in flight, silence from the server longer
 * than the bound destroys the connection; a failure caused by that, or by the overall deadline, is
 * reported as that cause rather than as the driver's "Connection terminated".
 */
export async function guarded<T>(client: pg.Client, run: () => Promise<T>): Promise<T> {
  const guard = guards.get(client);
  if (!guard) return run();
  if (guard.reason) throw guard.reason;
  if (guard.busy++ === 0 && guard.silenceMs > 0) guard.socket?.setTimeout(guard.silenceMs);
  try {
    return await run();
  } catch (error) {
    throw guard.reason ?? error;
  } finally {
    if (--guard.busy === 0) guard.socket?.setTimeout(0);
  }
}

/** Ends a client politely when the server answers, and destroys it when it does not within a second. */
export async function closeClient(client: pg.Client): Promise<void> {
  live.delete(client);
  const guard = guards.get(client);
  if (guard?.reason || guard?.socket?.destroyed) {
    streamOf(client)?.destroy();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([client.end().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, 1_000)))]);
  clearTimeout(timer);
  streamOf(client)?.destroy();
}

/** A SqlSession over a connected client; closing the session ends the client. */
export function serverSession(client: pg.Client): SqlSession {
  let roundTrips = 0;
  return {
    dialect: "postgresql",
    engine: "server",
    get roundTrips() {
      return roundTrips;
    },
    async script(sql) {
      roundTrips++;
      const result = (await guarded(client, () => client.query(sql))) as unknown as pg.QueryResult | pg.QueryResult[];
      const results = Array.isArray(result) ? result : [result];
      return results.filter((r) => r.fields.length > 0).map((r) => r.rows as Row[]);
    },
    async stream(sql, onRow) {
      roundTrips++;
      let failure: unknown = null;
      await guarded(client, () => new Promise<void>((resolve, reject) => {
        // Events rather than a callback: with a callback the driver also keeps every row of the script
        // until it ends, which for a snapshot is the whole catalog a second time.
        const query = new pg.Query(sql) as pg.Query & Describing;
        let settled = false;
        query.on("error", (error: Error) => {
          if (!settled) reject(error);
          settled = true;
        });
        query.once("end", () => {
          if (!settled) resolve();
          settled = true;
        });
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
      }));
      if (failure !== null) throw failure;
    },
    async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []) {
      roundTrips++;
      const result = await guarded(client, () => client.query<T>(sql, [...params]));
      return result.rows;
    },
    async close() {
      await closeClient(client);
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

const CHAIN_ERRORS = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_SIGNATURE_FAILURE",
]);

/** describePgError, plus the fix for the failures a user meets when connecting (TLS, passwords). */
function describeConnectError(error: unknown, settings: ConnectionSettings): string {
  const e = error as { message?: string; code?: string } | null;
  const reason = describePgError(error);
  const mode = `sslmode=${settings.sslmode}`;
  if (e?.code === "DG_NO_PASSWORD") {
    return `${NO_PASSWORD} for user "${settings.user}": put it in the URL (user:password@ before the host), set PGPASSWORD, or add it to ~/.pgpass`;
  }
  if (e?.code === "28P01") return `${reason}: check the password in the URL or PGPASSWORD`;
  if (e?.message === "The server does not support SSL connections") {
    return `the server does not accept TLS connections and ${mode} demands TLS: use sslmode=prefer (or disable) to connect without it`;
  }
  if (e?.code && CHAIN_ERRORS.has(e.code)) {
    const root = settings.sslrootcert === "system" ? "the system's trusted roots" : `root certificate file "${settings.sslrootcert}"`;
    return `the server's certificate is not signed by a CA in ${root} (${reason}) and ${mode} checks it: give the CA that signed it with sslrootcert= or PGSSLROOTCERT, or use sslmode=require to skip verification`;
  }
  if (e?.code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    return `the server's certificate does not name host "${settings.host}" (${reason}) and ${mode} checks that: connect with a host name the certificate names, or use sslmode=verify-ca to check the CA only`;
  }
  if (e?.code === "CERT_HAS_EXPIRED" || e?.code === "CERT_NOT_YET_VALID") {
    return `the server's certificate is not valid now (${reason}): renew it, or use sslmode=require to skip verification`;
  }
  return reason;
}
