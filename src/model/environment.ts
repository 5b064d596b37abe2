/** An environment file (environments/<name>.json), after validation and ${VAR} expansion. */
export interface Environment {
  /** The file name without .json: how users and `promotesTo` refer to it. */
  readonly name: string;
  /** Absolute path of the file, for messages. */
  readonly file: string;
  /** Any store reference except another environment name; relative paths are resolved against the file's folder. */
  readonly store: string;
  readonly promotesTo: string | null;
  readonly includeSchemas: readonly string[];
  readonly excludeSchemas: readonly string[];
  /** false forbids trial writes (`probe`) against this environment unless --force is given. */
  readonly probe: boolean;
  readonly description: string | null;
}
