import { InputError } from "../errors.js";
import { createHash } from "node:crypto";
import { CanonicalWriter, fingerprintOfSorted, rememberFingerprint, sortKeysDeep } from "../model/canonical-json.js";
import { deepFreeze } from "../model/deep-freeze.js";
import { SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_VERSION, type Snapshot } from "../model/snapshot.js";
import { readJsonFile } from "./read-json-file.js";
import { assertToolFormat } from "./tool-schemas.js";
import { writeFileAtomic } from "./write-file-atomic.js";

/** The bytes of a snapshot file: canonical, so two captures of one store are byte-identical. */
export function serialiseSnapshot(snapshot: Snapshot): string {
  const chunks: string[] = [];
  writeSnapshot(snapshot, (chunk) => chunks.push(chunk));
  return chunks.join("");
}

/**
 * The same bytes as serialiseSnapshot(), in chunks: a 5 000-table snapshot never exists as one string.
 * The content is hashed as it is written (its key sorts first), and the fingerprint written after it is
 * that hash: a file's fingerprint matches the bytes above it by construction.
 */
export function writeSnapshot(snapshot: Snapshot, sink: (chunk: string) => void): void {
  // Every Snapshot has sorted keys (buildSnapshot and readSnapshotFile both see to it): no second sort.
  const { content, format, origin, version } = snapshot;
  const writer = new CanonicalWriter(sink);
  const hash = createHash("sha256");
  writer.text('{\n  "content": ');
  writer.value(content, "  ", (chunk) => hash.update(chunk));
  const fingerprint = rememberFingerprint(content, `sha256:${hash.digest("hex")}`);
  for (const [key, value] of [["fingerprint", fingerprint], ["format", format], ["origin", sortKeysDeep(origin)], ["version", version]] as const) {
    writer.text(`,\n  ${JSON.stringify(key)}: `);
    writer.value(value, "  ");
  }
  writer.text("\n}\n");
  writer.end();
}

export async function writeSnapshotFile(path: string, snapshot: Snapshot): Promise<void> {
  await writeFileAtomic(path, (write) => writeSnapshot(snapshot, write));
}

/** True when a parsed JSON value claims to be a driftgate snapshot (used to tell snapshot files from others). */
export function isSnapshotLike(data: unknown): boolean {
  return typeof data === "object" && data !== null && (data as { format?: unknown }).format === SNAPSHOT_FORMAT;
}

/**
 * Reads a snapshot file and refuses anything it cannot trust: another format, another format version
 * (never guessed: an old file would silently miss what newer versions capture), a schema violation, or
 * content that no longer matches its fingerprint (hand-edited or truncated).
 */
export async function readSnapshotFile(path: string): Promise<Snapshot> {
  const data = await readJsonFile(path, "snapshot file");
  if (!isSnapshotLike(data)) throw new InputError(`${path} is not a driftgate snapshot (no "format": "${SNAPSHOT_FORMAT}")`);
  const version = (data as { version?: unknown }).version;
  if (version !== SNAPSHOT_FORMAT_VERSION) {
    throw new InputError(
      `snapshot file ${path} has format version ${JSON.stringify(version)}; this driftgate reads version ${SNAPSHOT_FORMAT_VERSION}: capture it again with \`driftgate snapshot\``,
    );
  }
  assertToolFormat("snapshot.schema.json", data, `snapshot file ${path}`);
  const snapshot = snapshotOfFile(data as Snapshot);
  if (!snapshot) throw new InputError(`snapshot file ${path} is corrupt: its content does not match its fingerprint (edited by hand?)`);
  return snapshot;
}

/**
 * A parsed, schema-valid snapshot file as every Snapshot in memory is: keys sorted (once, free when the
 * file is canonical) and deep-frozen like a captured one, so a snapshot never behaves differently for
 * having come from a file. Null when the content does not match the fingerprint.
 */
export function snapshotOfFile(parsed: Snapshot): Snapshot | null {
  const content = sortKeysDeep(parsed.content);
  if (fingerprintOfSorted(content) !== parsed.fingerprint) return null;
  return deepFreeze({ ...parsed, content });
}
