import type { Snapshot } from "../dialects/index.js";
import { resolveStoreHandle } from "../stores/store-handle.js";
import type { EnvironmentOptions } from "./environments.js";
import type { MigrationReadOptions } from "../model/store-driver.js";

export interface ResolveOptions extends EnvironmentOptions, MigrationReadOptions {
  /** Schemas to capture; default every non-system schema (an environment file may set its own). */
  readonly includeSchemas?: readonly string[];
  readonly excludeSchemas?: readonly string[];
  readonly connectTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
  /** See StoreDriverOptions.secondConnection. */
  readonly secondConnection?: boolean;
}

/**
 * Any store reference to a Snapshot: a live server (read-only), an environment name, a snapshot file, or
 * SQL migrations applied to a fresh embedded PostgreSQL and introspected with the same engine. The
 * reference is resolved into a store handle and read by its driver (src/stores/drivers.ts).
 */
export async function resolveSnapshot(reference: string, options: ResolveOptions): Promise<Snapshot> {
  const handle = await resolveStoreHandle(reference, options);
  try {
    return await handle.capture({ includeSchemas: options.includeSchemas, excludeSchemas: options.excludeSchemas });
  } finally {
    await handle.close();
  }
}
