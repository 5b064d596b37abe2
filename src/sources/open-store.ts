import { InputError } from "../errors.js";
import type { Environment } from "../model/environment.js";
import { pgliteSession } from "../dialects/postgresql/session/pglite-session.js";
import { connectServer, roundTripTimeoutMs } from "../dialects/postgresql/session/server-session.js";
import type { SqlSession } from "../dialects/postgresql/session/sql-session.js";
import { loadEnvironment, type EnvironmentOptions } from "./environments.js";
import type { MigrationsOptions } from "../dialects/postgresql/migrations/migrations-options.js";
import { openMigrations } from "../dialects/postgresql/migrations/migrations-store.js";
import { classifyStoreReference } from "./store-reference.js";

export interface OpenStore {
  readonly session: SqlSession;
  /** Safe to print: URLs are redacted. */
  readonly label: string;
  /** Set when the reference named an environment. */
  readonly environment?: Environment;
}

export interface OpenStoreOptions extends EnvironmentOptions, Omit<MigrationsOptions, "env"> {
  readonly connectTimeoutMs?: number;
  /** The statement timeout the caller sets on its reads: a round trip silent for longer (plus a margin) is dropped. */
  readonly statementTimeoutMs?: number;
}

/**
 * A live session on a store, for commands that must talk to the database itself (probe, scan) rather
 * than read a snapshot. A snapshot file has no database behind it, so it is refused.
 */
export async function openStore(reference: string, options: OpenStoreOptions): Promise<OpenStore> {
  const ref = await classifyStoreReference(reference, options);
  switch (ref.kind) {
    case "snapshot-file":
      throw new InputError(`${ref.label} is a snapshot file; this command needs a live store (a URL, an environment or SQL migrations)`);
    case "environment": {
      const environment = await loadEnvironment(ref.name, options);
      const inner = await openStore(environment.store, options);
      return { ...inner, environment };
    }
    case "url":
      return {
        session: await connectServer(ref.url, {
          connectTimeoutMs: options.connectTimeoutMs,
          env: options.env,
          queryTimeoutMs: roundTripTimeoutMs(options.statementTimeoutMs ?? 60_000),
        }),
        label: ref.label,
      };
    case "sql":
      return { session: pgliteSession(await openMigrations(ref.path, options), true), label: ref.label };
  }
}
