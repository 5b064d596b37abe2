import { InvalidArgumentError } from "commander";

/** commander argParser for millisecond and count flags: a typo must be a usage error, not NaN. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("must be a positive whole number");
  return n;
}
