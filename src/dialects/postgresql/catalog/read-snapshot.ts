import { StoreError } from "../../../errors.js";
import { compareText, fingerprintOfSorted, sortKeysDeep } from "../../../model/canonical-json.js";
import { deepFreeze } from "../../../model/deep-freeze.js";
import { POSTGRESQL, SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_VERSION, type Snapshot, type SnapshotContent, type SnapshotOrigin } from "../model/snapshot.js";
import { describePgError } from "../session/server-session.js";
import type { SqlSession } from "../session/sql-session.js";
import {
  FLUSH_STATEMENT,
  QUERY_NAMES,
  SESSION_SETTING_FIELDS,
  catalogQueries,
  importSnapshotScript,
  preludeScript,
  type QueryName,
  type SessionSettingRow,
} from "./catalog-script.js";
import { CatalogConverter } from "./convert-rows.js";

export interface ReadSnapshotOptions {
  readonly includeSchemas?: readonly string[];
  readonly excludeSchemas?: readonly string[];
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
  /** Where the snapshot came from, as shown to users (already redacted). */
  readonly label: string;
  readonly kind: SnapshotOrigin["kind"];
  /**
   * A second connection to the same server. When given, the catalog queries are split between the two
   * connections, the second adopting the first's exported snapshot, so both read one consistent state
   * while the server works on two cores.
   */
  readonly parallelSession?: SqlSession | null;
}

// Which connection runs which query when two are available: balanced by measured cost on 5 000 tables
// (relations and indexes on the first, about 660 ms; columns, constraints, triggers and policies on the
// second, about 620 ms; everything else is small).
const SECOND_CONNECTION: ReadonlySet<QueryName> = new Set(["columns", "constraints", "policies", "roles", "roleSettings", "routines", "triggers", "types"]);

/**
 * Reads a complete snapshot over an open session: one round trip for the whole catalog, in a read-only
 * repeatable-read transaction with the caller's statement and lock timeouts. Each result arrives in
 * chunks, and each chunk is converted into model objects as soon as it is decoded, while the server
 * still computes the next (convert-rows.ts): raw rows never pile up beside the model.
 */
export async function readSnapshot(session: SqlSession, options: ReadSnapshotOptions): Promise<Snapshot> {
  const includeSchemas = [...(options.includeSchemas ?? [])].sort(compareText);
  const excludeSchemas = [...(options.excludeSchemas ?? [])].sort(compareText);
  const scriptOptions = {
    includeSchemas,
    excludeSchemas,
    statementTimeoutMs: options.statementTimeoutMs ?? 60_000,
    lockTimeoutMs: options.lockTimeoutMs ?? 5_000,
  };
  const parallel = options.parallelSession ?? null;
  const converter = new CatalogConverter();
  let sessionSettings: SessionSettingRow[] = [];
  let instance: string | null = null;
  let fileSettings = false;
  try {
    const [settingRows, prelude] = await session.script(preludeScript(scriptOptions, parallel !== null));
    sessionSettings = (JSON.parse(String(settingRows?.[0]?.data ?? "[]")) as unknown[][]).map(
      (values) => Object.fromEntries(SESSION_SETTING_FIELDS.map((field, i) => [field, values[i] ?? null])) as SessionSettingRow,
    );
    const head = prelude?.[0] as { versionNum?: number; snapshot?: string; fileSettings?: boolean; instance?: string } | undefined;
    instance = typeof head?.instance === "string" ? head.instance : null;
    // An embedded engine runs one session of its bootstrap superuser: no role setting of its own can hide
    // a configuration value, so the configuration files need not be parsed.
    fileSettings = head?.fileSettings === true && session.engine === "server";
    const queries = catalogQueries({ ...scriptOptions, versionNum: Number(head?.versionNum ?? 0), fileSettings });
    const mine = QUERY_NAMES.filter((name) => !parallel || !SECOND_CONNECTION.has(name));
    const theirs = parallel ? QUERY_NAMES.filter((name) => SECOND_CONNECTION.has(name)) : [];
    // The first connection's transaction stays open until the second has finished: the exported snapshot
    // is only importable while its exporter lives.
    await Promise.all([
      streamQueries(session, mine, queries, converter, ""),
      parallel ? streamQueries(parallel, theirs, queries, converter, importSnapshotScript(scriptOptions, String(head?.snapshot)), "COMMIT;") : null,
    ]);
    await session.script("COMMIT;");
  } catch (error) {
    // The transaction is aborted; leave the sessions usable for whoever owns them.
    await session.script("ROLLBACK;").catch(() => undefined);
    await parallel?.script("ROLLBACK;").catch(() => undefined);
    const code = (error as { code?: string } | null)?.code;
    const hint =
      code === "55P03"
        ? ` after waiting ${scriptOptions.lockTimeoutMs} ms for a lock another session holds on the catalog or a table: retry when it is released, or raise --lock-timeout`
        : "";
    throw new StoreError(`snapshot of ${options.label} failed: ${describePgError(error)}${hint}`, { cause: error });
  }
  const content = converter.content({ embedded: session.engine === "pglite" && options.kind === "migrations", sessionSettings, canReadFiles: fileSettings });
  if (includeSchemas.length) {
    const found = new Set(content.schemas.map((s) => s.name));
    const missing = includeSchemas.filter((s) => !found.has(s));
    // Asking for a schema that is not there must not look like "that schema is empty".
    if (missing.length) {
      throw new StoreError(`snapshot of ${options.label}: schema(s) not found: ${missing.join(", ")}`);
    }
  }
  // Only a real server's instance tells two snapshots they read one configuration; embedded engines are each their own.
  const origin: SnapshotOrigin = {
    excludeSchemas,
    includeSchemas,
    ...(session.engine === "server" && instance ? { instance } : {}),
    kind: options.kind,
    label: options.label,
  };
  return buildSnapshot(content, origin, { keysSorted: true });
}

/**
 * Runs `names` as one script on `on` (after `prefix`, before `suffix`), each query followed by
 * FLUSH_STATEMENT, and hands every chunk to the converter as it arrives. The filler's row marks where a
 * query's result ends, which an empty result (no chunk at all) could not otherwise say.
 */
async function streamQueries(
  on: SqlSession,
  names: readonly QueryName[],
  queries: Readonly<Record<QueryName, string>>,
  converter: CatalogConverter,
  prefix: string,
  suffix = "",
): Promise<void> {
  if (names.length === 0) return;
  const statements = names.flatMap((name) => [queries[name], FLUSH_STATEMENT]);
  await on.stream([prefix, ...statements, suffix].filter(Boolean).join("\n"), (row, statement) => {
    const name = names[statement >> 1];
    if (name === undefined) throw new Error(`unexpected catalog result #${statement + 1}`);
    if (statement % 2 === 1) {
      if (!("flush" in row)) throw new Error(`unexpected row after catalog result ${name}`);
      converter.finish(name);
    } else {
      converter.addChunk(name, String(row.data ?? "[]"));
    }
  });
  const missing = converter.unfinished(names);
  if (missing.length) throw new Error(`no catalog result for ${missing.join(", ")}`);
}

/**
 * The Snapshot for `content`. `keysSorted` says every object in it already lists its keys in code-point
 * order (the converter below builds them that way, and a test holds it to that), which saves a walk of
 * the whole content. The fingerprint is computed when first read, once: writing a snapshot file hashes
 * the content while writing it, so `driftgate snapshot` never serialises the content twice.
 */
export function buildSnapshot(content: SnapshotContent, origin: SnapshotOrigin, options: { keysSorted?: boolean } = {}): Snapshot {
  const sorted = deepFreeze(options.keysSorted ? content : sortKeysDeep(content));
  // Shallow-frozen: deepFreeze would read the fingerprint getter and compute it.
  return Object.freeze({
    content: sorted,
    dialect: POSTGRESQL,
    get fingerprint() {
      return fingerprintOfSorted(sorted);
    },
    format: SNAPSHOT_FORMAT,
    origin: deepFreeze(sortKeysDeep(origin)),
    version: SNAPSHOT_FORMAT_VERSION,
  });
}

