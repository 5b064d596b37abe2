import type { MigrationLayout } from "./migration-layouts.js";

// Kept apart from migrations-store.ts, whose functions hand out PGlite instances: the public options types
// (ResolveOptions extends these) must not pull PGlite's declarations into a library user's compilation.

/** How a migrations file or folder is read; shared by every command that takes a store. */
export interface MigrationsOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Force a layout instead of detecting it. */
  readonly migrationsLayout?: MigrationLayout;
  /** false: neither read nor write the cache (--no-cache). Default: cache where the environment names a place. */
  readonly cache?: boolean;
  /** Told what was skipped (psql meta-commands), one line each. */
  readonly onNote?: (message: string) => void;
  /** Told each time an embedded engine is booted for these migrations (absolute path): the expensive step. */
  readonly onBoot?: (path: string) => void;
}
