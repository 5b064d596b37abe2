import { Command, CommanderError } from "commander";
import { DriftgateError, ExitCode, type ExitCodeValue } from "../errors.js";
import { redactSecrets } from "../sources/redact.js";
import type { CliIo } from "./cli-io.js";
import { commandDeadline } from "./command-deadline.js";
import { loadCommands } from "./commands/index.js";

const EXIT_HELP = `
Exit codes:
  0  ok: nothing at or above the threshold
  1  findings at or above the threshold (blocking drift, invalid documents, ...)
  2  bad input or usage (unknown environment, unreadable or invalid file, bad URL or flag)
  3  a store could not be read, or the command could not finish (fail closed)
`;

/**
 * The CLI's single entry: parse, run one command, and turn whatever happened into an exit code. This is
 * the only place that maps errors to exit codes and the only place that prints an unexpected error,
 * always as one redacted line (never a stack trace).
 */
export async function runCli(argv: readonly string[], realIo: CliIo): Promise<ExitCodeValue> {
  let exitCode: ExitCodeValue = ExitCode.ok;
  const deadline = commandDeadline();
  // A command given up by its --timeout may still be unwinding: nothing it prints afterwards gets out.
  const io: CliIo = {
    ...realIo,
    stdout: (text) => void (deadline.expired || realIo.stdout(text)),
    stderr: (text) => void (deadline.expired || realIo.stderr(text)),
  };
  const program = new Command("driftgate")
    .description("Stops the deploy that would break writes to a PostgreSQL metadata store.")
    .version(await packageVersion(), "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", EXIT_HELP)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const context = { io, setExit: (code: ExitCodeValue) => (exitCode = code) };
  program.hook("preAction", (_program, action) => deadline.arm(action.opts<{ timeout?: number }>().timeout));
  for (const make of await loadCommands(argv)) {
    const command = make(context);
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    command.showHelpAfterError("(run with --help for usage)");
    program.addCommand(command);
  }
  try {
    await deadline.race(program.parseAsync([...argv], { from: "user" }));
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; they are successful runs to the user.
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") return ExitCode.ok;
      return ExitCode.badInput; // commander already printed the one-line reason
    }
    if (error instanceof DriftgateError) {
      realIo.stderr(`driftgate: ${redactSecrets(error.message)}\n`);
      return error.exitCode;
    }
    // Unexpected: still one line, still redacted, and never "ok" — a gate that crashed gave no verdict.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`driftgate: internal error: ${redactSecrets(message)}\n`);
    return ExitCode.storeFailure;
  }
}

async function packageVersion(): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  const url = new URL("../../package.json", import.meta.url);
  return (JSON.parse(await readFile(url, "utf8")) as { version: string }).version;
}
