/**
 * What every snapshot file has, whatever store it describes: the engine (files, cache, pairing, reports)
 * reads only this, and hands `content` to the snapshot's dialect. Format 3 names the dialect and keeps
 * where a snapshot came from (`origin`) apart from what it describes (`content`); the fingerprint covers
 * `content` alone, so the same store read from a server, from its migrations or from a file compares equal.
 */

export const SNAPSHOT_FORMAT = "driftgate.snapshot";

/** Bumped whenever the meaning or shape of snapshot files changes; older versions convert on read where they can. */
export const SNAPSHOT_FORMAT_VERSION = 3;

/** Where a snapshot was read: a live server, migration files applied to an embedded engine, or a snapshot file. */
export type SnapshotOriginKind = "server" | "migrations" | "file";

export interface SnapshotOrigin {
  readonly kind: SnapshotOriginKind;
  /** A human label for where it came from; URLs here are always redacted. */
  readonly label: string;
  /** Schemas selected when captured; empty = every non-system schema. */
  readonly includeSchemas: readonly string[];
  readonly excludeSchemas: readonly string[];
  /**
   * A real server's running instance and configuration load (a hash of its start and reload times and
   * version): two snapshots with the same instance read the same server configuration.
   */
  readonly instance?: string;
}

export interface SnapshotEnvelope<Dialect extends string = string, Content = unknown> {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_FORMAT_VERSION;
  /** The kind of store described, which decides how `content` is read and judged, e.g. "postgresql". */
  readonly dialect: Dialect;
  /** "sha256:<hex>" of the canonical JSON of `content`. */
  readonly fingerprint: string;
  readonly origin: SnapshotOrigin;
  readonly content: Content;
}
