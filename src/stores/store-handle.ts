import type { Environment } from "../model/environment.js";
import type { Snapshot } from "../dialects/index.js";
import { loadEnvironment, type EnvironmentOptions } from "../sources/environments.js";
import { classifyStoreReference, isEnvironmentReference } from "../sources/store-reference.js";
import { driverFor } from "./drivers.js";
import type { ScanSource, SchemaSelection, StoreDriver, StoreDriverOptions, StoreLocation, StoreSession } from "../model/store-driver.js";

export interface StoreHandleOptions extends EnvironmentOptions, Omit<StoreDriverOptions, "env"> {
  /**
   * Keep the store's session for the whole run: every session() call returns the same one, and where
   * building the store is expensive (migrations on PGlite) the snapshot is read from it too, so later
   * probes write to the very engine that was read, booted once. The handle's owner calls close().
   */
  readonly keepSession?: boolean;
}

/**
 * A store reference resolved once: which store it is (its driver and location), what to call it, and its
 * environment when it was named by one. Commands read, probe and scan through the handle, never by
 * classifying the reference again.
 */
export interface StoreHandle {
  /** As the user gave it (a URL, a path, an environment name). */
  readonly reference: string;
  /** The store's own label, safe to print: URLs redacted, paths relative to the working directory. */
  readonly label: string;
  /** The environment's name with the store's label, or the label alone: how messages name the store. */
  readonly name: string;
  readonly environment: Environment | null;
  readonly location: StoreLocation;
  readonly driver: StoreDriver;
  /** The snapshot of this selection; default the environment's, else every non-system schema. */
  capture(selection?: Partial<SchemaSelection>): Promise<Snapshot>;
  /**
   * A live session for probes. A handle that keeps its session returns the same one every time (closed by
   * close()); otherwise each call opens a new one, which the caller closes.
   */
  session(): Promise<StoreSession>;
  /** What scan reads rows from (see StoreDriver.scanSource), and how to release it. */
  scanSource(): Promise<ScanSource>;
  /** Closes a kept session; the handle can still capture afterwards (building the store again). */
  close(): Promise<void>;
}

/** Resolves any store reference into a handle: classified once, an environment loaded once. */
export async function resolveStoreHandle(reference: string, options: StoreHandleOptions): Promise<StoreHandle> {
  const ref = await classifyStoreReference(reference, options);
  if (!isEnvironmentReference(ref)) return storeHandle(reference, ref, null, options);
  return environmentHandle(await loadEnvironment(ref.name, options), options, reference);
}

/**
 * The handle of a loaded environment: its store is resolved directly, since its bare name could also be
 * a folder in the working directory (the repository's test/ and the "test" environment).
 */
export async function environmentHandle(environment: Environment, options: StoreHandleOptions, reference = environment.name): Promise<StoreHandle> {
  const inner = await classifyStoreReference(environment.store, options);
  // An environment's store is a path made absolute or a URL, never another environment's name.
  if (isEnvironmentReference(inner)) throw new Error(`environment "${environment.name}" names another environment as its store`);
  return storeHandle(reference, inner, environment, options);
}

function storeHandle(reference: string, location: StoreLocation, environment: Environment | null, options: StoreHandleOptions): StoreHandle {
  const driver = driverFor(location);
  const keep = options.keepSession === true;
  let kept: Promise<StoreSession> | null = null;
  const keptSession = () => (kept ??= driver.open(location, options));
  // Only a store that is expensive to build is read through the kept session; a server is read on connections of its own.
  const context = keep && driver.capturesFromSession ? { keptSession } : {};
  return {
    reference,
    label: location.label,
    name: environment ? `${environment.name} (${location.label})` : location.label,
    environment,
    location,
    driver,
    capture(selection = {}) {
      // An explicit selection wins; an empty one falls back to the environment file's.
      const pick = (given: readonly string[] | undefined, own: readonly string[] | undefined) => (given?.length ? given : (own ?? []));
      // A driver captures its own dialect's snapshot; the registry's Snapshot is the union of those.
      return driver.capture(
        location,
        { includeSchemas: pick(selection.includeSchemas, environment?.includeSchemas), excludeSchemas: pick(selection.excludeSchemas, environment?.excludeSchemas) },
        options,
        context,
      ) as Promise<Snapshot>;
    },
    session: () => (keep ? keptSession() : driver.open(location, options)),
    scanSource: () => driver.scanSource(location, options, context),
    async close() {
      const pending = kept;
      kept = null;
      // A session that failed to open has nothing to close.
      if (pending) await (await pending.catch(() => null))?.close();
    },
  };
}
