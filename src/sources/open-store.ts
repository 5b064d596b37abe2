import type { Environment } from "../model/environment.js";
import type { Session } from "../dialects/index.js";
import { resolveStoreHandle } from "../stores/store-handle.js";
import type { EnvironmentOptions } from "./environments.js";
import type { MigrationReadOptions } from "../model/store-driver.js";

export interface OpenStore {
  readonly session: Session;
  /** Safe to print: URLs are redacted. */
  readonly label: string;
  /** Set when the reference named an environment. */
  readonly environment?: Environment;
}

export interface OpenStoreOptions extends EnvironmentOptions, MigrationReadOptions {
  readonly connectTimeoutMs?: number;
  /** The statement timeout the caller sets on its reads: a round trip silent for longer (plus a margin) is dropped. */
  readonly statementTimeoutMs?: number;
}

/**
 * A live session on a store, for commands that must talk to the database itself (probe, scan) rather
 * than read a snapshot. A snapshot file has no database behind it, so its driver refuses it.
 */
export async function openStore(reference: string, options: OpenStoreOptions): Promise<OpenStore> {
  const handle = await resolveStoreHandle(reference, options);
  // Every store driver is a dialect's, so its session is one of the registry's.
  const session = (await handle.session()) as Session;
  return { session, label: handle.label, ...(handle.environment ? { environment: handle.environment } : {}) };
}
