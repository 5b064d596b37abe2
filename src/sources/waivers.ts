import { access } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { InputError } from "../errors.js";
import type { Waiver } from "../model/finding.js";
import { environmentsDirOf, type EnvironmentOptions } from "./environments.js";
import { readJsonFile } from "../files/read-json-file.js";
import { assertToolFormat } from "../files/tool-schemas.js";

export interface LoadedWaivers {
  /** The file read, relative to cwd for messages; null when no file was given and the default is absent. */
  readonly file: string | null;
  readonly waivers: readonly Waiver[];
}

export interface LoadWaiversOptions extends EnvironmentOptions {
  /** --waivers FILE: must exist. Without it, environments/waivers.json is used when present. */
  readonly file?: string;
  /** Every rule id a finding can carry; a waiver naming another rule is refused (a typo would waive nothing). */
  readonly knownRules?: readonly string[];
}

/**
 * Reads the waivers file and refuses anything that would make a waiver silently ineffective or
 * everlasting: schema violations, impossible dates, unknown rules. An explicitly named file that is
 * missing is bad input: a gate must not quietly run without the waivers someone asked for.
 */
export async function loadWaivers(options: LoadWaiversOptions): Promise<LoadedWaivers> {
  let path: string;
  if (options.file !== undefined) {
    path = resolve(options.cwd, options.file);
  } else {
    path = join(environmentsDirOf(options), "waivers.json");
    if (!(await exists(path))) return { file: null, waivers: [] };
  }
  const shown = relative(options.cwd, path) || path;
  const data = await readJsonFile(path, "waivers file");
  assertToolFormat("waivers.schema.json", data, `waivers file ${shown}`);
  const waivers = (data as { waivers: Waiver[] }).waivers.map((w) => ({ rule: w.rule, object: w.object, reason: w.reason, owner: w.owner, expires: w.expires }));
  waivers.forEach((waiver, index) => {
    if (!isRealDate(waiver.expires)) throw new InputError(`waivers file ${shown}: /waivers/${index}/expires: ${waiver.expires} is not a calendar date`);
    if (options.knownRules && !options.knownRules.includes(waiver.rule)) {
      throw new InputError(`waivers file ${shown}: /waivers/${index}/rule: unknown rule "${waiver.rule}" (known: ${[...options.knownRules].sort().join(", ")})`);
    }
  });
  return { file: shown, waivers };
}

function isRealDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
