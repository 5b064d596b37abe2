import { InputError } from "../errors.js";
import { loadEnvironment } from "../sources/environments.js";
import { openStore, type OpenStore, type OpenStoreOptions } from "../sources/open-store.js";
import { classifyStoreReference } from "../sources/store-reference.js";

export interface ProbeStoreOptions extends OpenStoreOptions {
  /** Probe even an environment whose file says `"probe": false`. */
  readonly force?: boolean;
}

/**
 * Opens a store for trial writes. An environment marked `"probe": false` is refused before any
 * connection is made: its owners said trial writes (which advance sequences and take locks) must not
 * touch it, and only an explicit --force overrides that.
 */
export async function openProbeStore(reference: string, options: ProbeStoreOptions): Promise<OpenStore> {
  await assertProbeAllowed(reference, options);
  return openStore(reference, options);
}

/** Throws InputError when the reference names an environment marked "probe": false and `force` is not set. */
export async function assertProbeAllowed(reference: string, options: ProbeStoreOptions): Promise<void> {
  const ref = await classifyStoreReference(reference, options);
  if (ref.kind !== "environment" || options.force) return;
  const environment = await loadEnvironment(ref.name, options);
  if (!environment.probe) {
    throw new InputError(
      `environment "${environment.name}" does not allow trial writes ("probe": false in ${environment.file}); pass --force to probe it anyway`,
    );
  }
}
