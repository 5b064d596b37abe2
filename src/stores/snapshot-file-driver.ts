import { InputError } from "../errors.js";
import { compareText } from "../model/canonical-json.js";
import type { Snapshot } from "../dialects/index.js";
import { cacheDirectory } from "../files/cache-directory.js";
import { readSnapshotFileValidated } from "./validated-snapshot-file.js";
import type { SchemaSelection, StoreDriver } from "../model/store-driver.js";

type SnapshotFile = { readonly kind: "snapshot-file"; readonly path: string; readonly label: string };

function refuseLive(location: SnapshotFile): never {
  throw new InputError(`${location.label} is a snapshot file; this command needs a live store (a URL, an environment or SQL migrations)`);
}

/**
 * A snapshot captured earlier (`driftgate snapshot -o`): read and validated by its own dialect, with no
 * database behind it. The one store kind every dialect shares, so it lives here rather than in a dialect.
 */
export const snapshotFileDriver: StoreDriver<SnapshotFile> = {
  kind: "snapshot-file",
  capturesFromSession: false,
  claimPath(found) {
    // .json.gz: the compressed snapshots `driftgate report` keeps in its history (read by content, see decodeJsonBytes).
    const named = found.reference.endsWith(".json") || found.reference.endsWith(".json.gz");
    return !found.isDirectory && named ? { kind: "snapshot-file", path: found.path, label: found.label } : null;
  },
  async capture(location, selection, options) {
    const snapshot = await readSnapshotFileValidated(location.path, options.cache === false ? null : cacheDirectory(options.env));
    return sameSelection(snapshot, selection, location.label);
  },
  async open(location) {
    return refuseLive(location);
  },
  async scanSource(location) {
    return refuseLive(location);
  },
};

/**
 * A snapshot file holds what was selected when it was captured and cannot be narrowed afterwards (the
 * roles it keeps depend on the selection). A different selection asked for is refused rather than
 * silently ignored, which would compare schemas the caller meant to leave out.
 */
function sameSelection(snapshot: Snapshot, selection: SchemaSelection, label: string): Snapshot {
  const include = [...selection.includeSchemas].sort(compareText);
  const exclude = [...selection.excludeSchemas].sort(compareText);
  if (include.length === 0 && exclude.length === 0) return snapshot;
  const origin = snapshot.origin;
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (same(include, origin.includeSchemas) && same(exclude, origin.excludeSchemas)) return snapshot;
  throw new InputError(
    `${label} was captured with ${describeSelection(origin.includeSchemas, origin.excludeSchemas)}; it cannot be re-selected as ${describeSelection(include, exclude)}: capture the store again with that selection`,
  );
}

function describeSelection(include: readonly string[], exclude: readonly string[]): string {
  const base = include.length ? `schemas ${include.join(", ")}` : "every schema";
  return exclude.length ? `${base} except ${exclude.join(", ")}` : base;
}
