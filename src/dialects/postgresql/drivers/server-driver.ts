import { InputError } from "../../../errors.js";
import { redactUrl } from "../../../model/redact.js";
import type { StoreDriver, StoreDriverOptions } from "../../../model/store-driver.js";
import { readSnapshot } from "../catalog/read-snapshot.js";
import { POSTGRESQL } from "../model/snapshot.js";
import { connectServer, roundTripTimeoutMs } from "../session/server-session.js";

type Server = { readonly kind: "url"; readonly url: string; readonly label: string };

/** The schemes this dialect's servers answer to (the same test environments.ts applies to an environment's store). */
const POSTGRES_URL = /^postgres(ql)?:\/\//i;

function connectOptions(options: StoreDriverOptions) {
  return { connectTimeoutMs: options.connectTimeoutMs, env: options.env, queryTimeoutMs: roundTripTimeoutMs(options.statementTimeoutMs ?? 60_000) };
}

/** A live PostgreSQL server, read in read-only transactions; connections are cheap, so none is kept. */
export const serverDriver: StoreDriver<Server> = {
  kind: "url",
  capturesFromSession: false,
  claimReference(reference) {
    if (!POSTGRES_URL.test(reference)) return null;
    try {
      new URL(reference);
    } catch {
      throw new InputError(`bad PostgreSQL URL: ${redactUrl(reference)}`);
    }
    return { kind: "url", url: reference, label: redactUrl(reference) };
  },
  async capture(location, selection, options) {
    const connect = { ...connectOptions(options), stallGroup: {} };
    // Two connections let the server read the catalog on two cores. The second is optional: a store
    // at its connection limit still gets a (slower) snapshot, never a failure for want of parallelism.
    // Both attempts are settled before going on: with a connection limit of one, the second may win
    // the only slot; it then serves alone, and a session that connected is never left open.
    const second = options.secondConnection === false ? [] : [connectServer(location.url, { ...connect, retries: 0 })];
    const attempts = await Promise.allSettled([connectServer(location.url, connect), ...second]);
    const [session, parallelSession = null] = attempts.flatMap((a) => (a.status === "fulfilled" ? [a.value] : []));
    if (!session) throw (attempts[0] as PromiseRejectedResult).reason;
    try {
      return await readSnapshot(session, { ...selection, statementTimeoutMs: options.statementTimeoutMs, lockTimeoutMs: options.lockTimeoutMs, label: location.label, kind: "server", parallelSession });
    } finally {
      await Promise.all([session.close(), parallelSession?.close()]);
    }
  },
  open(location, options) {
    return connectServer(location.url, connectOptions(options));
  },
  async scanSource(location) {
    // scanTable connects itself, to stream the table with COPY on a connection of its own.
    return { dialect: POSTGRESQL, store: location.url, close: async () => undefined };
  },
};
