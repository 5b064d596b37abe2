import { DIALECTS } from "../dialects/index.js";
import type { StoreDriver, StoreLocation } from "../model/store-driver.js";
import { snapshotFileDriver } from "./snapshot-file-driver.js";

/**
 * Every kind of store, in one list (as kysely lists its dialects): each dialect's drivers (its servers,
 * its migration folders), then the snapshot file, which any dialect's snapshot can be. Adding a store kind
 * is one driver file in its dialect's drivers/ folder. Environments are not a store kind: an environment
 * names one of these.
 */
export const STORE_DRIVERS: readonly StoreDriver[] = [...DIALECTS.flatMap((dialect) => dialect.drivers), snapshotFileDriver];

export function driverFor<L extends StoreLocation>(location: L): StoreDriver<L> {
  const driver = STORE_DRIVERS.find((d) => d.kind === location.kind);
  if (!driver) throw new Error(`no store driver for "${location.kind}"`);
  return driver as unknown as StoreDriver<L>;
}
