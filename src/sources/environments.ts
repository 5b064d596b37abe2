import { readdir } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { InputError } from "../errors.js";
import { FLEET_STORE_PREFIX, type AppConfigRef, type Environment, type EnvironmentShard } from "../model/environment.js";
import { readJsonFile } from "../files/read-json-file.js";
import { assertToolFormat } from "../files/tool-schemas.js";

export interface EnvironmentOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Defaults to <cwd>/environments. */
  readonly environmentsDir?: string;
}

export const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function environmentsDirOf(options: EnvironmentOptions): string {
  return resolve(options.cwd, options.environmentsDir ?? "environments");
}

/** Names of the environment files present, sorted; files that are not environments (waivers.json) are skipped. */
export async function listEnvironmentNames(options: EnvironmentOptions): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(environmentsDirOf(options));
  } catch {
    return [];
  }
  return entries
    .filter((f) => f.endsWith(".json") && !NOT_ENVIRONMENTS.has(f))
    .map((f) => f.slice(0, -".json".length))
    .filter((n) => ENVIRONMENT_NAME.test(n))
    .sort();
}

// Files that live in environments/ but describe something else.
const NOT_ENVIRONMENTS = new Set(["waivers.json"]);

export async function listEnvironments(options: EnvironmentOptions): Promise<Environment[]> {
  const names = await listEnvironmentNames(options);
  return Promise.all(names.map((name) => loadEnvironment(name, options)));
}

export async function environmentExists(name: string, options: EnvironmentOptions): Promise<boolean> {
  return ENVIRONMENT_NAME.test(name) && (await listEnvironmentNames(options)).includes(name);
}

interface EnvironmentFile {
  store?: string;
  stores?: string[];
  shards?: string[] | { from: number; to: number; width?: number };
  promotesTo?: string;
  schemas?: { include?: string[]; exclude?: string[] };
  probe?: boolean;
  writers?: string[];
  description?: string;
  appConfig?: { name: string; file: string; schema?: string; mustMatch?: string[] }[];
}

export async function loadEnvironment(name: string, options: EnvironmentOptions): Promise<Environment> {
  if (!ENVIRONMENT_NAME.test(name)) throw new InputError(`"${name}" is not a valid environment name`);
  const dir = environmentsDirOf(options);
  const file = join(dir, `${name}.json`);
  if (!(await listEnvironmentNames(options)).includes(name)) {
    const known = await listEnvironmentNames(options);
    throw new InputError(`unknown environment "${name}" (known: ${known.length ? known.join(", ") : `none in ${dir}`})`);
  }
  const data = await readJsonFile(file, "environment file");
  assertToolFormat("environment.schema.json", data, `environment file ${file}`);
  const parsed = data as EnvironmentFile;
  const place = (reference: string) => {
    const store = expandVariables(reference, options.env, `environment "${name}"`);
    return looksLikeUrl(store) || isAbsolute(store) ? store : resolve(dirname(file), store);
  };
  const shards = fleetShards(parsed, file).map((shard) => ({ name: shard.name, store: place(shard.store) }));
  return {
    name,
    file,
    store: shards.length > 0 ? `${FLEET_STORE_PREFIX}${name}` : place(parsed.store!),
    shards,
    promotesTo: parsed.promotesTo ?? null,
    includeSchemas: parsed.schemas?.include ?? [],
    excludeSchemas: parsed.schemas?.exclude ?? [],
    probe: parsed.probe ?? true,
    writers: parsed.writers ?? [],
    description: parsed.description ?? null,
    appConfig: appConfigRefs(parsed, file),
  };
}

/**
 * The stores of a fleet, before variable expansion: "stores" as listed, or the "store" template with
 * {shard} replaced by each of "shards" (a list, or a range {from, to, width} zero-padded to width).
 * A single-store file gives none. The JSON Schema has already refused "store" with "stores", and
 * "shards" without a template.
 */
function fleetShards(parsed: EnvironmentFile, file: string): { name: string; store: string }[] {
  if (parsed.stores) {
    const width = String(parsed.stores.length).length;
    return parsed.stores.map((store, index) => ({ name: String(index + 1).padStart(width, "0"), store }));
  }
  if (parsed.shards === undefined) {
    if (parsed.store!.includes("{shard}")) throw new InputError(`environment file ${file}: "store" has {shard} but no "shards" list or range`);
    return [];
  }
  if (!parsed.store!.includes("{shard}")) throw new InputError(`environment file ${file}: "shards" needs a "store" template containing {shard}`);
  let names: string[];
  if (Array.isArray(parsed.shards)) {
    names = parsed.shards;
  } else {
    const { from, to, width = 0 } = parsed.shards;
    if (to < from) throw new InputError(`environment file ${file}: "shards" range ends (${to}) before it starts (${from})`);
    if (to - from >= 100_000) throw new InputError(`environment file ${file}: "shards" range has more than 100000 shards`);
    names = [];
    for (let n = from; n <= to; n += 1) names.push(String(n).padStart(width, "0"));
  }
  return names.map((name) => ({ name, store: parsed.store!.replaceAll("{shard}", name) }));
}

function appConfigRefs(parsed: EnvironmentFile, file: string): AppConfigRef[] {
  const refs = parsed.appConfig ?? [];
  const names = refs.map((ref) => ref.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  // Configs are paired by name across environments; two with one name could not be told apart.
  if (duplicate !== undefined) throw new InputError(`environment file ${file}: appConfig names "${duplicate}" twice`);
  return refs.map((ref) => ({
    name: ref.name,
    file: isAbsolute(ref.file) ? ref.file : resolve(dirname(file), ref.file),
    schema: ref.schema ?? null,
    mustMatch: ref.mustMatch ?? [],
  }));
}

export function looksLikeUrl(reference: string): boolean {
  return /^postgres(ql)?:\/\//i.test(reference);
}

/** ${VAR} from the environment; an unset variable is an error, never an empty string that points elsewhere. */
export function expandVariables(text: string, env: NodeJS.ProcessEnv, where: string): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, variable: string) => {
    const value = env[variable];
    if (value === undefined || value === "") throw new InputError(`${where}: store uses \${${variable}}, which is not set`);
    return value;
  });
}
