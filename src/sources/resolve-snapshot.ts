import { InputError } from "../errors.js";
import { compareText } from "../model/canonical-json.js";
import type { Snapshot } from "../model/snapshot.js";
import { pgliteSession } from "../stores/postgres/pglite-session.js";
import { readSnapshot } from "../stores/postgres/read-snapshot.js";
import { connectServer, roundTripTimeoutMs } from "../stores/postgres/server-session.js";
import type { SqlSession } from "../stores/postgres/sql-session.js";
import { loadEnvironment, type EnvironmentOptions } from "./environments.js";
import { cacheDirectory, readSnapshotFileValidated } from "./snapshot-cache.js";
import type { MigrationsOptions } from "./migrations-options.js";
import { openMigrations, snapshotMigrations } from "./migrations-store.js";
import { classifyStoreReference } from "./store-reference.js";

export interface ResolveOptions extends EnvironmentOptions, Omit<MigrationsOptions, "env"> {
  /** Schemas to capture; default every non-system schema (an environment file may set its own). */
  readonly includeSchemas?: readonly string[];
  readonly excludeSchemas?: readonly string[];
  readonly connectTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
  /**
   * When set, a SQL-migrations store's embedded database is handed over here, still open, once its snapshot
   * is read, instead of being closed: check --probe then writes to the same store rather than build it twice.
   * The receiver closes it.
   */
  readonly keepSqlSession?: (session: SqlSession) => void;
  /**
   * false: read a server over one connection. `report` reads several stores at once, which already
   * keeps the server's cores busy; a second connection per store would only add a backend start each.
   */
  readonly parallelRead?: boolean;
}

/**
 * Any store reference to a Snapshot: a live server (read-only), an environment name, a snapshot file, or
 * SQL migrations applied to a fresh embedded PostgreSQL and introspected with the same engine.
 */
export async function resolveSnapshot(reference: string, options: ResolveOptions): Promise<Snapshot> {
  const ref = await classifyStoreReference(reference, options);
  switch (ref.kind) {
    case "snapshot-file":
      return sameSelection(await readSnapshotFileValidated(ref.path, options.cache === false ? null : cacheDirectory(options.env)), options, ref.label);
    case "environment": {
      const environment = await loadEnvironment(ref.name, options);
      return resolveSnapshot(environment.store, {
        ...options,
        includeSchemas: options.includeSchemas?.length ? options.includeSchemas : environment.includeSchemas,
        excludeSchemas: options.excludeSchemas?.length ? options.excludeSchemas : environment.excludeSchemas,
      });
    }
    case "url": {
      const connect = {
        connectTimeoutMs: options.connectTimeoutMs,
        env: options.env,
        queryTimeoutMs: roundTripTimeoutMs(options.statementTimeoutMs ?? 60_000),
        stallGroup: {},
      };
      // Two connections let the server read the catalog on two cores. The second is optional: a store
      // at its connection limit still gets a (slower) snapshot, never a failure for want of parallelism.
      // Both attempts are settled before going on: with a connection limit of one, the second may win
      // the only slot; it then serves alone, and a session that connected is never left open.
      const attempts = await Promise.allSettled(
        options.parallelRead === false ? [connectServer(ref.url, connect)] : [connectServer(ref.url, connect), connectServer(ref.url, { ...connect, retries: 0 })],
      );
      const [session, parallelSession = null] = attempts.flatMap((a) => (a.status === "fulfilled" ? [a.value] : []));
      if (!session) throw (attempts[0] as PromiseRejectedResult).reason;
      try {
        return await readSnapshot(session, { ...readOptions(options), label: ref.label, kind: "postgres", parallelSession });
      } finally {
        await Promise.all([session.close(), parallelSession?.close()]);
      }
    }
    case "sql": {
      if (!options.keepSqlSession) return snapshotMigrations(ref.path, ref.label, options, readOptions(options));
      // check --probe keeps the engine it snapshots for its trial writes: booted once, read, then kept.
      const session = pgliteSession(await openMigrations(ref.path, options), true);
      let kept = false;
      try {
        const snapshot = await readSnapshot(session, { ...readOptions(options), label: ref.label, kind: "sql" });
        options.keepSqlSession(session);
        kept = true;
        return snapshot;
      } finally {
        if (!kept) await session.close();
      }
    }
  }
}

/**
 * A snapshot file holds what was selected when it was captured and cannot be narrowed afterwards (the
 * roles it keeps depend on the selection). A different selection asked for is refused rather than
 * silently ignored, which would compare schemas the caller meant to leave out.
 */
function sameSelection(snapshot: Snapshot, options: ResolveOptions, label: string): Snapshot {
  const include = [...(options.includeSchemas ?? [])].sort(compareText);
  const exclude = [...(options.excludeSchemas ?? [])].sort(compareText);
  if (include.length === 0 && exclude.length === 0) return snapshot;
  const origin = snapshot.origin;
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (same(include, origin.includeSchemas) && same(exclude, origin.excludeSchemas)) return snapshot;
  throw new InputError(
    `${label} was captured with ${describeSelection(origin.includeSchemas, origin.excludeSchemas)}; it cannot be re-selected as ${describeSelection(include, exclude)}: capture the store again with that selection`,
  );
}

function describeSelection(include: readonly string[], exclude: readonly string[]): string {
  const base = include.length ? `schemas ${include.join(", ")}` : "every schema";
  return exclude.length ? `${base} except ${exclude.join(", ")}` : base;
}

function readOptions(options: ResolveOptions) {
  return {
    includeSchemas: options.includeSchemas,
    excludeSchemas: options.excludeSchemas,
    statementTimeoutMs: options.statementTimeoutMs,
    lockTimeoutMs: options.lockTimeoutMs,
  };
}
