import type { Snapshot } from "../dialects/postgresql/model/snapshot.js";
import type { MigrationsOptions } from "../dialects/postgresql/migrations/migrations-options.js";
import type { StoreReference } from "../sources/store-reference.js";
import type { SqlSession } from "../dialects/postgresql/session/sql-session.js";

/** A reference classified to a store that is not an environment: what a driver reads. */
export type StoreLocation = Exclude<StoreReference, { readonly kind: "environment" }>;

/** Everything a driver needs besides the location: deadlines, credentials, how migration folders are read. */
export interface StoreDriverOptions extends Omit<MigrationsOptions, "env"> {
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
  readonly keptSession?: () => Promise<SqlSession>;
}

/**
 * One kind of store (a server, migrations applied to embedded PostgreSQL, a snapshot file). Drivers are
 * listed once, in src/stores/drivers.ts; a reference is classified by the first driver that claims it,
 * and every command reaches the store only through its driver, via a StoreHandle.
 */
/** A reference that names an existing file or folder, as classification found it. */
export interface FoundPath {
  readonly reference: string;
  /** Absolute. */
  readonly path: string;
  /** Relative to the working directory where possible: labels end up in snapshots and reports. */
  readonly label: string;
  readonly isDirectory: boolean;
}

export interface StoreDriver<L extends StoreLocation = StoreLocation> {
  readonly kind: L["kind"];
  /** Claims a reference by its text alone (a URL), before environments and paths are considered. */
  claimReference?(reference: string): L | null;
  /** Claims an existing file or folder. */
  claimPath?(found: FoundPath): L | null;
  /** Reads the store's metadata into a snapshot of the given selection. */
  capture(location: L, selection: SchemaSelection, options: StoreDriverOptions, context: CaptureContext): Promise<Snapshot>;
  /** A live session for trial writes (probe) and row reads; the caller closes it. */
  open(location: L, options: StoreDriverOptions): Promise<SqlSession>;
  /**
   * What scan reads rows from: a server's URL (scan opens its own connection and streams with COPY) or an
   * open session (read through a cursor), with how to release it.
   */
  scanSource(location: L, options: StoreDriverOptions, context: CaptureContext): Promise<{ readonly store: SqlSession | string; readonly close: () => Promise<void> }>;
  /** Whether a handle that keeps its session reads the snapshot from it: building the store is expensive (an embedded engine boot). */
  readonly capturesFromSession: boolean;
}
