import { DIALECTS } from "./index.js";
import type { MigrationLayout as PostgresqlMigrationLayout } from "./postgresql/migrations/migration-layouts.js";

/** A migrations-folder layout some dialect driftgate knows reads (flyway, golang-migrate, ...). */
export type MigrationLayout = PostgresqlMigrationLayout;

/**
 * Every layout the known dialects read, in their order, each once: what --migrations-layout offers. A
 * dialect's migrations driver refuses a layout it does not read.
 */
export const MIGRATION_LAYOUTS: readonly MigrationLayout[] = [...new Set(DIALECTS.flatMap((dialect) => dialect.migrations?.layouts ?? []))] as MigrationLayout[];
