import type { SeverityOverride } from "../diff/judge.js";
import type { DriftgateError } from "../errors.js";
import type { FailOn } from "../model/check-report.js";
import type { Snapshot } from "../dialects/index.js";
import type { MigrationLayout } from "../dialects/migration-layouts.js";

/** Documents to try as rolled-back writes in both stores of an explicit pair (`check --probe`). */
export interface CheckProbeRequest {
  /** .json files (one document each), .ndjson/.jsonl files (one per line), or "-" for NDJSON on `stdin`. */
  readonly docs: readonly string[];
  /** schema.table the documents are written to. */
  readonly table: string;
  /** Write each whole document into this json/jsonb column instead of mapping properties to columns. */
  readonly column?: string | null;
  /** SET LOCAL ROLE to the role the application writes as. */
  readonly role?: string | null;
  /** Probe even environments whose file says "probe": false. */
  readonly force?: boolean;
  /** Where "-" reads from; default: an empty stream. */
  readonly stdin?: NodeJS.ReadableStream;
}

/**
 * What runCheck is told to say while it works. "reading" lines are progress (the CLI shows them on a
 * terminal or with --verbose), "boot" an embedded engine built for migrations (the slow step; --verbose);
 * "note" and "warning" lines are always worth showing (a skipped psql
 * meta-command, a store that could not be read and is reported as a pair not compared).
 */
export type CheckProgressKind = "reading" | "boot" | "note" | "warning";

/**
 * One run of `check` or `diff`, as the CLI or a library user asks for it. Paths are relative to `cwd`;
 * every default is the CLI's default.
 */
export interface CheckRequest {
  /** "diff" reports the same findings but never gates. Default "check". */
  readonly command?: "check" | "diff";
  readonly cwd: string;
  /** Where ${VAR} in environment files, PG* connection variables and the cache location come from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Both or neither; neither compares every environment with the one it promotes to. */
  readonly source?: string;
  readonly target?: string;
  /** Folder of environment files; default <cwd>/environments. */
  readonly environmentsDir?: string;
  /** Only the promotion pairs whose both sides are among these environment names (every name must exist). */
  readonly environments?: readonly string[];
  /** Folder of write schemas (JSON Schemas naming their table); default <cwd>/schemas. */
  readonly schemasDir?: string;
  /** Waivers file; default <environments>/waivers.json when present. */
  readonly waiversFile?: string;
  /** Lowest severity that blocks; default "breaking". */
  readonly failOn?: FailOn;
  /** Per rule id (any id `driftgate rules` lists): breaking, risky, info or off. */
  readonly severity?: Readonly<Record<string, SeverityOverride>>;
  readonly ignoreRoles?: readonly string[];
  readonly ignoreSchemas?: readonly string[];
  /** check only, explicit SOURCE and TARGET only. */
  readonly probe?: CheckProbeRequest;
  readonly timeouts?: { readonly connectMs?: number; readonly statementMs?: number; readonly lockMs?: number };
  /** Force a migrations-folder layout instead of detecting it. */
  readonly migrationsLayout?: MigrationLayout;
  /** false: neither read nor write the snapshot cache of migration folders. Default true. */
  readonly cache?: boolean;
  /** YYYY-MM-DD (UTC) for waiver expiry; default today. */
  readonly today?: string;
  /** Stores already read by the caller, keyed by environment name: runCheck reads only the others. */
  readonly snapshots?: ReadonlyMap<string, Snapshot | DriftgateError>;
  /** Told what is happening, one line each, without a trailing newline; secrets already redacted. */
  readonly onProgress?: (message: string, kind: CheckProgressKind) => void;
}
