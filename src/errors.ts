/**
 * Exit codes are part of driftgate's contract with CI; they are decided in exactly one place (the CLI
 * entry) from the error class that reached it. Library code throws, never exits.
 */
export const ExitCode = {
  ok: 0,
  /** check/validate/fit/compat/probe/scan found something at or above the threshold. */
  findings: 1,
  /** Bad input or usage: unknown environment, unreadable or invalid file, bad URL, bad flag. */
  badInput: 2,
  /** A store could not be read: unreachable, timed out, permission or snapshot failure. */
  storeFailure: 3,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Base class: carries the exit code and a one-line message that is safe to print (no secrets). */
export class DriftgateError extends Error {
  readonly exitCode: ExitCodeValue;
  constructor(message: string, exitCode: ExitCodeValue, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** The user gave us something we cannot use. */
export class InputError extends DriftgateError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.badInput, options);
  }
}

/** A store could not be read; the gate must fail closed. */
export class StoreError extends DriftgateError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.storeFailure, options);
  }
}
