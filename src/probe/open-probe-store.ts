import { InputError } from "../errors.js";
import type { OpenStore, OpenStoreOptions } from "../sources/open-store.js";
import { resolveStoreHandle, type StoreHandle } from "../stores/store-handle.js";
import type { Session } from "../dialects/index.js";

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
  const handle = await resolveStoreHandle(reference, options);
  assertHandleProbeAllowed(handle, options.force);
  // Every store driver is a dialect's, so its session is one of the registry's.
  const session = (await handle.session()) as Session;
  return { session, label: handle.label, ...(handle.environment ? { environment: handle.environment } : {}) };
}

/** Throws InputError when the reference names an environment marked "probe": false and `force` is not set. */
export async function assertProbeAllowed(reference: string, options: ProbeStoreOptions): Promise<void> {
  assertHandleProbeAllowed(await resolveStoreHandle(reference, options), options.force);
}

export function assertHandleProbeAllowed(handle: StoreHandle, force: boolean | undefined): void {
  const environment = handle.environment;
  if (!environment || environment.probe || force) return;
  throw new InputError(`environment "${environment.name}" does not allow trial writes ("probe": false in ${environment.file}); pass --force to probe it anyway`);
}
