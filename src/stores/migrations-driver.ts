import { openMigrations, snapshotMigrations } from "../sources/migrations-store.js";
import { pgliteSession } from "./postgres/pglite-session.js";
import { readSnapshot } from "./postgres/read-snapshot.js";
import type { StoreDriver, StoreDriverOptions } from "./store-driver.js";

type Migrations = { readonly kind: "sql"; readonly path: string; readonly label: string };

const readOptions = (options: StoreDriverOptions) => ({ statementTimeoutMs: options.statementTimeoutMs, lockTimeoutMs: options.lockTimeoutMs });

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
    if (!context.keptSession) return snapshotMigrations(location.path, location.label, options, { ...selection, ...readOptions(options) });
    return readSnapshot(await context.keptSession(), { ...selection, ...readOptions(options), label: location.label, kind: "sql" });
  },
  async open(location, options) {
    return pgliteSession(await openMigrations(location.path, options), true);
  },
  async scanSource(location, options, context) {
    if (context.keptSession) return { store: await context.keptSession(), close: async () => undefined };
    const session = await this.open(location, options);
    return { store: session, close: () => session.close() };
  },
};
