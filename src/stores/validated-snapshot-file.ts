import { createHash } from "node:crypto";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DIALECTS, readSnapshotFile, type Snapshot } from "../dialects/index.js";
import { decodeJsonBytes } from "../files/read-json-file.js";
import { convertFormat2, snapshotOfFile } from "../files/snapshot-file.js";
import { SCHEMAS_DIR } from "../files/tool-schemas.js";
import { SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_VERSION } from "../model/snapshot-envelope.js";

/** Bumped when what a marker vouches for changes. */
const MARKER_FORMAT = 1;

/**
 * readSnapshotFile, without compiling a snapshot JSON Schema again for bytes that already passed it:
 * compiling it is most of a warm `check`. A file is trusted only when these exact bytes were validated
 * against these exact schemas before (a marker named by the bytes and every dialect's snapshot schema);
 * its fingerprint is still checked. Any other file, or no cache, goes through the full validation by its
 * dialect, which writes the marker.
 */
export async function readSnapshotFileValidated(path: string, dir: string | null): Promise<Snapshot> {
  if (!dir) return readSnapshotFile(path);
  const bytes = await readFile(path).catch(() => null);
  if (!bytes) return readSnapshotFile(path);
  const key = createHash("sha256").update(`validated ${MARKER_FORMAT}\n`);
  for (const dialect of DIALECTS) {
    const schema = await readFile(join(SCHEMAS_DIR, dialect.snapshotSchema)).catch(() => null);
    if (!schema) return readSnapshotFile(path);
    key.update(createHash("sha256").update(schema).digest("hex"));
  }
  const marker = join(dir, "validated", key.update(bytes).digest("hex"));
  if (await stat(marker).then(() => true, () => false)) {
    try {
      let parsed = JSON.parse(decodeJsonBytes(bytes, path, "snapshot file")) as Snapshot;
      if (parsed.format === SNAPSHOT_FORMAT && (parsed.version as number) === 2) parsed = convertFormat2(parsed as never) as unknown as Snapshot;
      const known = DIALECTS.some((dialect) => dialect.name === parsed.dialect);
      if (parsed.format === SNAPSHOT_FORMAT && parsed.version === SNAPSHOT_FORMAT_VERSION && known) {
        const snapshot = snapshotOfFile(parsed);
        if (snapshot) return snapshot;
      }
    } catch {
      /* validated below, which names the problem */
    }
  }
  const snapshot = await readSnapshotFile(path);
  try {
    await mkdir(join(dir, "validated"), { recursive: true });
    await writeFile(marker, "");
  } catch {
    /* best effort */
  }
  return snapshot;
}
