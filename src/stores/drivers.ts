import { migrationsDriver } from "./migrations-driver.js";
import { serverDriver } from "./server-driver.js";
import { snapshotFileDriver } from "./snapshot-file-driver.js";
import type { StoreDriver, StoreLocation } from "./store-driver.js";

/**
 * Every kind of store, in one list (as kysely lists its dialects): adding a store kind is one driver
 * file and one entry here. Environments are not a store kind: an environment names one of these.
 */
export const STORE_DRIVERS: readonly StoreDriver[] = [serverDriver, migrationsDriver, snapshotFileDriver];

export function driverFor<L extends StoreLocation>(location: L): StoreDriver<L> {
  const driver = STORE_DRIVERS.find((d) => d.kind === location.kind);
  if (!driver) throw new Error(`no store driver for "${location.kind}"`);
  return driver as unknown as StoreDriver<L>;
}
