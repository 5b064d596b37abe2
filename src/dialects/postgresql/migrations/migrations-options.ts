import type { MigrationReadOptions } from "../../../model/store-driver.js";
import type { MigrationLayout } from "./migration-layouts.js";

// Kept apart from migrations-store.ts, whose functions hand out PGlite instances: an options type must not
// pull PGlite's declarations into a library user's compilation.

/**
 * How a migrations file or folder is read; shared by every command that takes a store. The engine's
 * neutral options (MigrationReadOptions), with the layout narrowed to one of this dialect's.
 */
export interface MigrationsOptions extends Omit<MigrationReadOptions, "migrationsLayout"> {
  readonly env: NodeJS.ProcessEnv;
  /** Force a layout instead of detecting it. */
  readonly migrationsLayout?: MigrationLayout;
}
