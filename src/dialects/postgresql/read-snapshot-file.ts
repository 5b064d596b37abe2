import { InputError } from "../../errors.js";
import { readSnapshotEnvelope } from "../../files/snapshot-file.js";
import { postgresql } from "./index.js";
import { POSTGRESQL, type Snapshot } from "./model/snapshot.js";

/** A snapshot file that must describe a PostgreSQL store (format 2 converted, validated, fingerprint checked). */
export async function readPostgresqlSnapshotFile(path: string): Promise<Snapshot> {
  const envelope = await readSnapshotEnvelope(path, (data, what) => {
    const dialect = (data as { dialect?: unknown }).dialect;
    if (dialect !== POSTGRESQL) throw new InputError(`${what} describes a ${String(dialect)} store, not a PostgreSQL one`);
    postgresql.validateSnapshot(data, what);
  });
  return envelope as Snapshot;
}
