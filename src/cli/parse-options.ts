import { stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { InputError } from "../errors.js";

/**
 * The largest millisecond value any timeout flag may take: PostgreSQL's timeouts are 32-bit integers of
 * milliseconds, and Node's timers fire at once beyond 2^31-1 ms. Anything larger would be refused by the
 * server (exit 3 after connecting) or turn a client deadline into none, so it is a usage error first.
 */
export const MAX_MILLISECONDS = 2_147_483_647;

/** commander argParser for millisecond and count flags: a typo or an impossible value is a usage error, not NaN. */
export function positiveInteger(value: string): number {
  return integerInRange(value, 1, MAX_MILLISECONDS);
}

/** A count that may be 0 (e.g. --limit-errors 0 lists none). */
export function wholeNumber(value: string): number {
  return integerInRange(value, 0, Number.MAX_SAFE_INTEGER);
}

function integerInRange(value: string, min: number, max: number): number {
  // Digits only: Number() would also take "1e3", "0x10", " 5 " and "".
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
  }
  return n;
}

type PathKind = "folder" | "file" | "output";
const PATH_OPTIONS = new WeakMap<Option, PathKind>();

/**
 * An option naming a folder or file. Its default may be absent (no schemas/ folder is fine); a path the
 * user typed that does not exist is bad input, checked before any store is read: a mistyped
 * `--schemas ./no-such-dir` used to switch write-schema fitting off without a word. "output" is the
 * target of -o: its folder must exist and it must not itself be a folder.
 */
export function pathOption(flags: string, description: string, kind: PathKind, defaultValue?: string): Option {
  const option = new Option(flags, description);
  if (defaultValue !== undefined) option.default(defaultValue);
  PATH_OPTIONS.set(option, kind);
  return option;
}

/** preAction hook: every path option the user gave (not a default) must name what it says. */
export async function checkPathOptions(command: Command, cwd: string): Promise<void> {
  for (const option of command.options) {
    const kind = PATH_OPTIONS.get(option);
    if (!kind) continue;
    const key = option.attributeName();
    const source = command.getOptionValueSource(key);
    const value = command.getOptionValue(key) as unknown;
    if (source === "default" || source === undefined || typeof value !== "string") continue;
    const flag = option.long ?? option.short ?? key;
    const path = resolve(cwd, value);
    if (kind === "output") {
      const target = await stat(path).catch(() => null);
      if (target?.isDirectory()) throw new InputError(`cannot write ${value}: it is a folder (${flag})`);
      const folder = await stat(dirname(path)).catch(() => null);
      if (!folder) throw new InputError(`cannot write ${value}: no such folder ${dirname(value)} (${flag})`);
      if (!folder.isDirectory()) throw new InputError(`cannot write ${value}: ${dirname(value)} is not a folder (${flag})`);
      continue;
    }
    const info = await stat(path).catch(() => null);
    if (!info) throw new InputError(`${flag} ${value}: no such ${kind}`);
    if (kind === "folder" && !info.isDirectory()) throw new InputError(`${flag} ${value}: not a folder`);
    if (kind === "file" && info.isDirectory()) throw new InputError(`${flag} ${value}: is a folder, not a file`);
  }
}
