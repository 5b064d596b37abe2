import type { SnapshotEnvelope } from "./snapshot-envelope.js";

/**
 * The driver interface: how the engine reaches one kind of store. It sits at rank 0, typed only on
 * dialect-neutral shapes, so a dialect can implement drivers for its own store references (PostgreSQL's
 * live in src/dialects/postgresql/drivers/) while src/stores/ lists and uses them without knowing the dialect.
 */

/**
 * A live connection to a store, as the engine passes it along: it only closes it. The dialect that opened
 * it narrows it back to its own session type (PostgreSQL: SqlSession) for probe and scan.
 */
export interface StoreSession {
  /** The dialect whose engine this is (the registry's name, e.g. "postgresql"): probe picks its SQL by it. */
  readonly dialect: string;
  /** Which engine is behind it, e.g. "server" or "pglite" for PostgreSQL. */
  readonly engine: string;
  close(): Promise<void>;
}

/**
 * A reference classified to a store that is not an environment: what a driver reads. `kind` names the
 * driver that claimed it; the rest (a URL, a path) is the driver's own.
 */
export interface StoreLocation {
  readonly kind: string;
  /** Safe to print: URLs redacted, paths relative to the working directory. */
  readonly label: string;
}

/** How migration files are read, for drivers of stores built from migrations; ignored by the others. */
export interface MigrationReadOptions {
  /** Force a layout (a name the store's dialect knows, e.g. "flyway") instead of detecting it. */
  readonly migrationsLayout?: string;
  /** false: neither read nor write the cache (--no-cache). Default: cache where the environment names a place. */
  readonly cache?: boolean;
  /** Told what was skipped (psql meta-commands), one line each. */
  readonly onNote?: (message: string) => void;
  /** Told each time an embedded engine is booted for these migrations (absolute path): the expensive step. */
  readonly onBoot?: (path: string) => void;
}

/** Everything a driver needs besides the location: deadlines, credentials, how migration folders are read. */
export interface StoreDriverOptions extends MigrationReadOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly connectTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
  /**
   * Whether one capture may spread its read over a second connection (false: one connection per store).
   * A caller that already reads several stores at once says false: the stores keep the server's cores
   * busy, and a second backend per store only adds its start-up and catalog-cache warming on the server.
   */
  readonly secondConnection?: boolean;
}

/** Which schemas a snapshot captures; both empty means every non-system schema. */
export interface SchemaSelection {
  readonly includeSchemas: readonly string[];
  readonly excludeSchemas: readonly string[];
}

/** What a session-backed capture may reuse: a store's session opened once and kept by its handle. */
export interface CaptureContext {
  /** The handle's kept session, opened on first call; present only when the handle keeps its session. */
  readonly keptSession?: () => Promise<StoreSession>;
}

/** A reference that names an existing file or folder, as classification found it. */
export interface FoundPath {
  readonly reference: string;
  /** Absolute. */
  readonly path: string;
  /** Relative to the working directory where possible: labels end up in snapshots and reports. */
  readonly label: string;
  readonly isDirectory: boolean;
}

/**
 * What scan reads rows from: a server's URL (scan opens its own connection and streams) or an open
 * session (read through a cursor), with how to release it.
 */
export interface ScanSource {
  /** The dialect that reads it (scan picks its SQL by it). */
  readonly dialect: string;
  readonly store: StoreSession | string;
  readonly close: () => Promise<void>;
}

/**
 * One kind of store (a server, migrations applied to an embedded engine, a snapshot file). Drivers are
 * listed once, in src/stores/drivers.ts (each dialect's, then the snapshot-file one); a reference is
 * classified by the first driver that claims it, and every command reaches the store only through its
 * driver, via a StoreHandle.
 */
export interface StoreDriver<L extends StoreLocation = StoreLocation> {
  readonly kind: L["kind"];
  /** Claims a reference by its text alone (a URL), before environments and paths are considered. */
  claimReference?(reference: string): L | null;
  /** Claims an existing file or folder. */
  claimPath?(found: FoundPath): L | null;
  /** Reads the store's metadata into a snapshot of the given selection. */
  capture(location: L, selection: SchemaSelection, options: StoreDriverOptions, context: CaptureContext): Promise<SnapshotEnvelope>;
  /** A live session for trial writes (probe) and row reads; the caller closes it. */
  open(location: L, options: StoreDriverOptions): Promise<StoreSession>;
  /** What scan reads rows from, and how to release it. */
  scanSource(location: L, options: StoreDriverOptions, context: CaptureContext): Promise<ScanSource>;
  /** Whether a handle that keeps its session reads the snapshot from it: building the store is expensive (an embedded engine boot). */
  readonly capturesFromSession: boolean;
}
