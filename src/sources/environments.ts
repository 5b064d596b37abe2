import { readdir } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { InputError } from "../errors.js";
import type { AppConfigRef, Environment } from "../model/environment.js";
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
  store: string;
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
  const store = expandVariables(parsed.store, options.env, `environment "${name}"`);
  return {
    name,
    file,
    store: looksLikeUrl(store) || isAbsolute(store) ? store : resolve(dirname(file), store),
    promotesTo: parsed.promotesTo ?? null,
    includeSchemas: parsed.schemas?.include ?? [],
    excludeSchemas: parsed.schemas?.exclude ?? [],
    probe: parsed.probe ?? true,
    writers: parsed.writers ?? [],
    description: parsed.description ?? null,
    appConfig: appConfigRefs(parsed, file),
  };
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
