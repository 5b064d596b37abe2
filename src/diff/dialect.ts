import type { SnapshotEnvelope } from "../model/snapshot-envelope.js";
import type { StoreDriver } from "../model/store-driver.js";
import type { TableName } from "../model/table-name.js";
import type { DialectConnections, DialectFit, DialectMigrations, DialectProbe, DialectScan } from "./dialect-operations.js";
import type { RuleDefinition } from "./rule-definition.js";

/** What judgement takes from the caller, whatever the dialect. */
export interface PairOptions {
  /** Roles left out of the comparison (grants, memberships, settings, ownership). */
  readonly ignoreRoles: ReadonlySet<string>;
  /** Schemas left out entirely. */
  readonly ignoreSchemas: ReadonlySet<string>;
  /** The roles the application writes as: settings are judged as each of them gets them at login. */
  readonly writers: readonly string[];
}

/**
 * One kind of store, as the engine sees it: the engine pairs, judges over `rules`, waives, gates and
 * reports without knowing which dialect it holds. Everything dialect-specific (catalog reading, the
 * model's details, the rules and what they read) sits behind this, in src/dialects/<name>/.
 */
export interface Dialect<Snapshot extends SnapshotEnvelope = SnapshotEnvelope, Context = never> {
  /** The `dialect` its snapshots carry, e.g. "postgresql". */
  readonly name: Snapshot["dialect"];
  readonly rules: readonly RuleDefinition<Context>[];
  /** Pairs two snapshots' content into what the rules read, with ignored roles and schemas left out. */
  createContext(source: Snapshot, target: Snapshot, options: PairOptions): Context;
  /** Per rule id, one sentence on what a write does when the rule fires (the catalogue and docs/rules.md show it). */
  readonly writeEffects: Readonly<Record<string, string>>;
  /** The snapshot parts that are configuration: a rule reading only these is in the "settings" family. */
  readonly settingsSections: readonly string[];
  /** Throws one InputError naming every problem when a parsed snapshot file is not a valid one of this dialect. */
  validateSnapshot(data: unknown, what: string): void;
  /**
   * The file in driftgate's schemas/ that validateSnapshot validates against: bytes validated once are
   * trusted again only while every dialect's schema is unchanged (src/stores/validated-snapshot-file.ts).
   */
  readonly snapshotSchema: string;
  /**
   * The kinds of store this dialect reads (a server URL, a migrations folder), listed in src/stores/drivers.ts
   * before the dialect-neutral snapshot file; a reference is claimed by the first that recognises it.
   */
  readonly drivers: readonly StoreDriver[];
  /** How messages print a table: PostgreSQL's the way psql would, quoting only where needed. */
  displayTable(table: TableName): string;
  /** How messages print one identifier (a column), quoted the same way. */
  displayIdentifier(name: string): string;
  /** Trial writes (probe, check --probe), where the dialect supports them. */
  readonly probe?: DialectProbe;
  /** Validating a table's rows against a JSON Schema (scan), where the dialect supports it. */
  readonly scan?: DialectScan;
  /** Fitting a write schema to a table's shape in a snapshot (fit, check's write-schema fit). */
  readonly fit?: DialectFit<Snapshot>;
  /** Stores built from migration folders: their layouts, and where a finding's object was written. */
  readonly migrations?: DialectMigrations;
  /** Connections a command's --timeout must be able to drop. */
  readonly connections?: DialectConnections;
}
