import { InputError } from "../errors.js";
import { createHash } from "node:crypto";
import { CanonicalWriter, fingerprintOfSorted, knownFingerprint, rememberFingerprint, sortKeysDeep } from "../model/canonical-json.js";
import { deepFreeze } from "../model/deep-freeze.js";
import { SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_VERSION, type SnapshotEnvelope } from "../model/snapshot-envelope.js";
import { readJsonFile } from "./read-json-file.js";
import { writeFileAtomic } from "./write-file-atomic.js";

/** The bytes of a snapshot file: canonical, so two captures of one store are byte-identical. */
export function serialiseSnapshot(snapshot: SnapshotEnvelope): string {
  const chunks: string[] = [];
  writeSnapshot(snapshot, (chunk) => chunks.push(chunk));
  return chunks.join("");
}

/**
 * The same bytes as serialiseSnapshot(), in chunks: a 5 000-table snapshot never exists as one string.
 * The content is hashed as it is written (its key sorts first), and the fingerprint written after it is
 * that hash: a file's fingerprint matches the bytes above it by construction.
 */
export function writeSnapshot(snapshot: SnapshotEnvelope, sink: (chunk: string) => void): void {
  // Every Snapshot has sorted keys (buildSnapshot and readSnapshotFile both see to it): no second sort.
  const { content, dialect, format, origin, version } = snapshot;
  const writer = new CanonicalWriter(sink);
  writer.text('{\n  "content": ');
  // A fingerprint already known (the nightly report groups stores by it first) is not hashed again.
  let fingerprint = knownFingerprint(content);
  if (fingerprint === undefined) {
    const hash = createHash("sha256");
    writer.value(content, "  ", (chunk) => hash.update(chunk));
    fingerprint = rememberFingerprint(content, `sha256:${hash.digest("hex")}`);
  } else {
    writer.value(content, "  ");
  }
  for (const [key, value] of [["dialect", dialect], ["fingerprint", fingerprint], ["format", format], ["origin", sortKeysDeep(origin)], ["version", version]] as const) {
    writer.text(`,\n  ${JSON.stringify(key)}: `);
    writer.value(value, "  ");
  }
  writer.text("\n}\n");
  writer.end();
}

export async function writeSnapshotFile(path: string, snapshot: SnapshotEnvelope): Promise<void> {
  await writeFileAtomic(path, (write) => writeSnapshot(snapshot, write));
}

/** True when a parsed JSON value claims to be a driftgate snapshot (used to tell snapshot files from others). */
export function isSnapshotLike(data: unknown): boolean {
  return typeof data === "object" && data !== null && (data as { format?: unknown }).format === SNAPSHOT_FORMAT;
}

/** Format-2 words for where a snapshot came from, and their format-3 names. */
const ORIGIN_KINDS_V2: Readonly<Record<string, string>> = { postgres: "server", sql: "migrations", file: "file" };

/**
 * A format-2 file as format 3: every format-2 file described a PostgreSQL store, and only the envelope
 * changed (the dialect is named, the origin says "server" and "migrations"), so the content and its
 * fingerprint carry over unchanged. Users keep history; old files convert, they are not refused.
 */
export function convertFormat2(data: Record<string, unknown>): Record<string, unknown> {
  const origin = (data.origin ?? {}) as Record<string, unknown>;
  const kind = typeof origin.kind === "string" ? (ORIGIN_KINDS_V2[origin.kind] ?? origin.kind) : origin.kind;
  return { ...data, dialect: "postgresql", origin: { ...origin, kind }, version: 3 };
}

/**
 * Reads a snapshot file and refuses anything it cannot trust: another format, a format version it cannot
 * convert (never guessed: an old file would silently miss what newer versions capture), a document its
 * dialect rejects (`validate`, the dialect's JSON Schema), or content that no longer matches its
 * fingerprint (hand-edited or truncated). Format-2 files are converted first.
 */
export async function readSnapshotEnvelope(path: string, validate: (data: unknown, what: string) => void): Promise<SnapshotEnvelope> {
  let data = await readJsonFile(path, "snapshot file");
  if (!isSnapshotLike(data)) throw new InputError(`${path} is not a driftgate snapshot (no "format": "${SNAPSHOT_FORMAT}")`);
  if ((data as { version?: unknown }).version === 2) data = convertFormat2(data as Record<string, unknown>);
  const version = (data as { version?: unknown }).version;
  if (version !== SNAPSHOT_FORMAT_VERSION) {
    throw new InputError(
      `snapshot file ${path} has format version ${JSON.stringify(version)}; this driftgate reads version ${SNAPSHOT_FORMAT_VERSION}: capture it again with \`driftgate snapshot\``,
    );
  }
  validate(data, `snapshot file ${path}`);
  const snapshot = snapshotOfFile(data as SnapshotEnvelope);
  if (!snapshot) throw new InputError(`snapshot file ${path} is corrupt: its content does not match its fingerprint (edited by hand?)`);
  return snapshot;
}

/**
 * A parsed, schema-valid snapshot file as every Snapshot in memory is: keys sorted (once, free when the
 * file is canonical) and deep-frozen like a captured one, so a snapshot never behaves differently for
 * having come from a file. Null when the content does not match the fingerprint.
 */
export function snapshotOfFile<S extends SnapshotEnvelope>(parsed: S): S | null {
  const content = sortKeysDeep(parsed.content);
  if (fingerprintOfSorted(content) !== parsed.fingerprint) return null;
  return deepFreeze({ ...parsed, content });
}
