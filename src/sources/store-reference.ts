import { stat } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { InputError } from "../errors.js";
import { STORE_DRIVERS } from "../stores/drivers.js";
import { ENVIRONMENT_NAME, environmentExists, listEnvironmentNames, type EnvironmentOptions } from "./environments.js";
import { FLEET_STORE_PREFIX } from "../model/environment.js";
import { redactUrl } from "../model/redact.js";
import type { StoreLocation } from "../model/store-driver.js";

/** A reference that names an environment, whose file names the store. */
export interface EnvironmentReference {
  readonly kind: "environment";
  readonly name: string;
  readonly label: string;
}

/**
 * A store reference, classified. One grammar for every command that takes a store: an environment, or a
 * location some driver claimed (its kind is the driver's: "url", "sql", "snapshot-file", ...).
 */
export type StoreReference = EnvironmentReference | StoreLocation;

export function isEnvironmentReference(reference: StoreReference): reference is EnvironmentReference {
  return reference.kind === "environment";
}

export async function classifyStoreReference(reference: string, options: EnvironmentOptions): Promise<StoreReference> {
  if (!reference) throw new InputError("empty store reference");
  if (reference.startsWith(FLEET_STORE_PREFIX)) {
    const name = reference.slice(FLEET_STORE_PREFIX.length);
    throw new InputError(`environment "${name}" is a fleet of several stores: \`driftgate report\` reads fleets; here name one of its stores (its URL or file)`);
  }
  // Drivers are asked in their one list (src/stores/drivers.ts): by the text first, then by the path.
  for (const driver of STORE_DRIVERS) {
    const claimed = driver.claimReference?.(reference);
    if (claimed) return claimed;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(reference)) {
    throw new InputError(`unsupported store URL scheme in ${redactUrl(reference)} (use postgres:// or postgresql://)`);
  }
  // A bare name that is an environment means the environment, even where a folder of that name exists
  // (the repo's own test/ folder and the "test" environment): write ./test to mean the folder.
  if (ENVIRONMENT_NAME.test(reference) && !reference.endsWith(".json") && !reference.endsWith(".sql") && !reference.endsWith(".gz") && (await environmentExists(reference, options))) {
    return { kind: "environment", name: reference, label: reference };
  }
  const path = resolve(options.cwd, reference);
  // Labels end up inside snapshots and reports: relative to the working directory where possible, so the
  // same store read from two checkouts gives the same bytes.
  const inside = relative(options.cwd, path);
  const label = inside === "" ? "." : inside.startsWith("..") || isAbsolute(inside) ? path : inside;
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory() || info?.isFile()) {
    const found = { reference, path, label, isDirectory: info.isDirectory() };
    for (const driver of STORE_DRIVERS) {
      const claimed = driver.claimPath?.(found);
      if (claimed) return claimed;
    }
    throw new InputError(`${reference}: a store file must be a snapshot (.json or .json.gz) or SQL (.sql)`);
  }
  const known = await listEnvironmentNames(options);
  throw new InputError(
    `unknown store "${reference}": not a postgres:// URL, an existing file or folder, or an environment${
      known.length ? ` (known: ${known.join(", ")})` : ""
    }`,
  );
}
