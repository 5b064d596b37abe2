import { InvalidArgumentError, Option } from "commander";

/** The flags every command that reads a store shares, beside its own --connect-timeout and --statement-timeout. */
export interface DeadlineFlags {
  readonly lockTimeout: number;
  readonly timeout: number;
}

/** One default everywhere: long enough for a busy catalog, short enough that a held lock is reported, not waited out. */
export const DEFAULT_LOCK_TIMEOUT_MS = 5_000;
/** The whole command; every round trip is bounded on its own as well (statement timeout plus a margin). */
export const DEFAULT_COMMAND_TIMEOUT_MS = 30 * 60_000;
// PostgreSQL's timeouts are int milliseconds; a larger value would be refused by the server, after connecting.
const MAX_MS = 2_147_483_647;

export function milliseconds(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > MAX_MS) {
    throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_MS} (milliseconds)`);
  }
  return n;
}

export function deadlineOptions(lockHelp = "how long a read may wait for a lock another session holds, then fail (exit 3) naming it"): Option[] {
  return [
    new Option("--lock-timeout <ms>", lockHelp).argParser(milliseconds).default(DEFAULT_LOCK_TIMEOUT_MS),
    new Option("--timeout <ms>", "give up on the whole command after this long: connections are dropped and the exit is 3")
      .argParser(milliseconds)
      .default(DEFAULT_COMMAND_TIMEOUT_MS),
  ];
}
