import type { PGlite } from "@electric-sql/pglite";
import type { Snapshot } from "../model/snapshot.js";
import { pgliteSession } from "../session/pglite-session.js";
import { buildSnapshot, readSnapshot } from "../catalog/read-snapshot.js";
import type { MigrationsOptions } from "./migrations-options.js";
import { cacheDirectory } from "../../../files/cache-directory.js";
import { migrationsCacheKey, readCachedSnapshot, templateFileIn, writeCachedSnapshot } from "./snapshot-cache.js";
import { pgliteWithMigrations, prepareMigrations, type PreparedMigrations } from "./sql-migrations.js";


export interface SnapshotReadOptions {
  readonly includeSchemas?: readonly string[];
  readonly excludeSchemas?: readonly string[];
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
}

async function prepared(path: string, options: MigrationsOptions): Promise<PreparedMigrations> {
  const result = await prepareMigrations(path, options.migrationsLayout);
  result.notes.forEach((note) => options.onNote?.(note));
  return result;
}

function cacheDir(options: MigrationsOptions): string | null {
  return options.cache === false ? null : cacheDirectory(options.env);
}

/**
 * The snapshot of the store these migrations build. Migrations are read and checked every time (their
 * bytes are the key, and a refused meta-command is refused even when cached); the embedded engine only
 * starts when no snapshot of exactly these bytes, this layout and this engine was kept before.
 */
export async function snapshotMigrations(path: string, label: string, options: MigrationsOptions, read: SnapshotReadOptions): Promise<Snapshot> {
  const migrations = await prepared(path, options);
  const dir = cacheDir(options);
  const origin = { kind: "migrations" as const, label, includeSchemas: [...(read.includeSchemas ?? [])], excludeSchemas: [...(read.excludeSchemas ?? [])] };
  const key = dir ? await migrationsCacheKey(migrations, { include: origin.includeSchemas, exclude: origin.excludeSchemas }) : null;
  if (dir && key) {
    const content = await readCachedSnapshot(dir, key);
    if (content) return buildSnapshot(content, origin, { keysSorted: true });
  }
  options.onBoot?.(path);
  const db = await pgliteWithMigrations(migrations, { templateFile: dir ? await templateFileIn(dir) : undefined });
  const session = pgliteSession(db, true);
  let snapshot: Snapshot;
  try {
    snapshot = await readSnapshot(session, { ...read, label, kind: "migrations" });
  } finally {
    await session.close();
  }
  if (dir && key) await writeCachedSnapshot(dir, key, snapshot.content);
  return snapshot;
}

/** A live embedded engine with these migrations applied, for commands that write (probe) or read rows (scan). */
export async function openMigrations(path: string, options: MigrationsOptions): Promise<PGlite> {
  const migrations = await prepared(path, options);
  const dir = cacheDir(options);
  options.onBoot?.(path);
  return pgliteWithMigrations(migrations, { templateFile: dir ? await templateFileIn(dir) : undefined });
}
