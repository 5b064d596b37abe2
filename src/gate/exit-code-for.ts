import { ExitCode, type ExitCodeValue } from "../errors.js";
import type { CheckReport } from "../model/check-report.js";

/**
 * The exit code of check/diff, from the finished report and nothing else. A pair that could not be read
 * outranks everything (3 before 2 before 1): the gate fails closed even when other pairs were clean.
 */
export function exitCodeFor(report: CheckReport): ExitCodeValue {
  const errors = report.pairs.flatMap((pair) => (pair.error ? [pair.error.exitCode] : []));
  if (errors.includes(ExitCode.storeFailure)) return ExitCode.storeFailure;
  if (errors.includes(ExitCode.badInput)) return ExitCode.badInput;
  if (report.command === "check" && report.blocked) return ExitCode.findings;
  return ExitCode.ok;
}
