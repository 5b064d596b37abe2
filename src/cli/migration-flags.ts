import { Option } from "commander";
import { MIGRATION_LAYOUTS, type MigrationLayout } from "../dialects/migration-layouts.js";
import type { MigrationReadOptions } from "../model/store-driver.js";
import type { CliIo } from "./cli-io.js";

/** The flags every command that takes a store accepts for stores that are migration folders. */
export function migrationOptions(): Option[] {
  return [
    new Option("--migrations-layout <layout>", "how a migrations folder is laid out (default: detected)").choices(MIGRATION_LAYOUTS),
    new Option("--no-cache", "rebuild snapshots of migration folders instead of reusing the cached one"),
  ];
}

export interface MigrationFlags {
  readonly migrationsLayout?: MigrationLayout;
  /** commander's --no-cache: false when given. */
  readonly cache?: boolean;
}

/** The flags as store options; skipped psql meta-commands are noted on stderr. */
export function migrationSettings(flags: MigrationFlags, io: CliIo): MigrationReadOptions & MigrationFlags {
  return {
    migrationsLayout: flags.migrationsLayout,
    cache: flags.cache !== false,
    onNote: (message) => io.stderr(`driftgate: note: ${message}\n`),
  };
}
