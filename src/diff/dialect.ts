import type { SnapshotEnvelope } from "../model/snapshot-envelope.js";
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
}
