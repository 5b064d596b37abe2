import type { StoreDriver, StoreDriverOptions } from "../../../model/store-driver.js";
import { readSnapshot } from "../catalog/read-snapshot.js";
import { migrationLayoutNamed } from "../migrations/migration-layouts.js";
import type { MigrationsOptions } from "../migrations/migrations-options.js";
import { POSTGRESQL } from "../model/snapshot.js";
import { openMigrations, snapshotMigrations } from "../migrations/migrations-store.js";
import { asSqlSession } from "../session/as-sql-session.js";
import { pgliteSession } from "../session/pglite-session.js";

type Migrations = { readonly kind: "sql"; readonly path: string; readonly label: string };

const readOptions = (options: StoreDriverOptions) => ({ statementTimeoutMs: options.statementTimeoutMs, lockTimeoutMs: options.lockTimeoutMs });

/** The engine's neutral options, with the layout narrowed to one of this dialect's. */
const migrationsOptions = (options: StoreDriverOptions): MigrationsOptions => ({ ...options, migrationsLayout: migrationLayoutNamed(options.migrationsLayout) });

/**
 * A .sql file or folder of migrations, applied to a fresh embedded PostgreSQL and read with the same
 * engine as a server. Booting is the expensive part: a handle that will also be probed keeps the engine
 * it snapshots (capture reads the kept session), so each store is built once per run.
 */
export const migrationsDriver: StoreDriver<Migrations> = {
  kind: "sql",
  capturesFromSession: true,
  claimPath(found) {
    return found.isDirectory || found.reference.endsWith(".sql") ? { kind: "sql", path: found.path, label: found.label } : null;
  },
  async capture(location, selection, options, context) {
    if (!context.keptSession) return snapshotMigrations(location.path, location.label, migrationsOptions(options), { ...selection, ...readOptions(options) });
    return readSnapshot(asSqlSession(await context.keptSession()), { ...selection, ...readOptions(options), label: location.label, kind: "migrations" });
  },
  async open(location, options) {
    return pgliteSession(await openMigrations(location.path, migrationsOptions(options)), true);
  },
  async scanSource(location, options, context) {
    if (context.keptSession) return { dialect: POSTGRESQL, store: await context.keptSession(), close: async () => undefined };
    const session = await this.open(location, options);
    return { dialect: POSTGRESQL, store: session, close: () => session.close() };
  },
};
