import type { ExitCodeValue } from "../errors.js";
import type { CliIo } from "./cli-io.js";

/**
 * Handed to every command factory. A command reports its outcome through `setExit` instead of calling
 * process.exit, so the exit code is decided in one place (runCli) and commands stay testable in-process.
 */
export interface CommandContext {
  readonly io: CliIo;
  readonly setExit: (code: ExitCodeValue) => void;
}
