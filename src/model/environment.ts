/** An environment file (environments/<name>.json), after validation and ${VAR} expansion. */
export interface Environment {
  /** The file name without .json: how users and `promotesTo` refer to it. */
  readonly name: string;
  /** Absolute path of the file, for messages. */
  readonly file: string;
  /**
   * Any store reference except another environment name; relative paths are resolved against the file's
   * folder. For a fleet it is FLEET_STORE_PREFIX + name, which every single-store command refuses with
   * one clear line: reading one shard and calling it the environment would be a false all-clear.
   */
  readonly store: string;
  /** The stores of a fleet (sharded or per-tenant), in file order; empty for a single-store environment. */
  readonly shards: readonly EnvironmentShard[];
  readonly promotesTo: string | null;
  readonly includeSchemas: readonly string[];
  readonly excludeSchemas: readonly string[];
  /** false forbids trial writes (`probe`) against this environment unless --force is given. */
  readonly probe: boolean;
  readonly description: string | null;
  /**
   * The roles the application writes as (e.g. ["app_writer"]); empty when the file names none. Setting
   * rules then judge what each of them gets at login, all levels applied.
   */
  readonly writers: readonly string[];
  /** Application configuration files compared by `check`; empty when the file names none. */
  readonly appConfig: readonly AppConfigRef[];
}

/** One application config file an environment names (see schemas/environment.schema.json, "appConfig"). */
export interface AppConfigRef {
  readonly name: string;
  /** Absolute path (relative paths in the file are resolved against the environment file's folder). */
  readonly file: string;
  /** A schema in schemas/ by name or $id, or a path relative to the working directory; null for none. */
  readonly schema: string | null;
  readonly mustMatch: readonly string[];
}

/** The `store` of an environment that names many stores: see Environment.shards. */
export const FLEET_STORE_PREFIX = "driftgate-fleet:";

/** One store of a fleet. */
export interface EnvironmentShard {
  /** Its name in reports and history: the {shard} value, or its 1-based position in "stores". */
  readonly name: string;
  /** The store reference, variables expanded, relative paths resolved like `store`. */
  readonly store: string;
}
