import { Command, CommanderError } from "commander";
import { DriftgateError, ExitCode, type ExitCodeValue } from "../errors.js";
import { redactSecrets, registerSecret, registerUrlSecrets } from "../sources/redact.js";
import type { CliIo } from "./cli-io.js";
import { commandDeadline } from "./command-deadline.js";
import { COMMANDS, examplesHelp, loadCommands } from "./commands/index.js";
import { spreadListValues } from "./list-options.js";
import { foldAliases } from "./option-aliases.js";
import { checkPathOptions } from "./parse-options.js";

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
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  // Before anything can fail: a password given on the command line is masked in every later message,
  // however the URL around it is (mis)formed.
  for (const word of argv) registerUrlSecrets(word);
  // An environment file's "${VAR}" store comes from here; PGPASSWORD is read by the driver itself.
  for (const value of Object.values(io.env)) registerUrlSecrets(value, { typos: false });
  registerSecret(io.env.PGPASSWORD);
  const { debug, args } = takeDebugFlag(argv);
  const code = await runProgram(args, io, debug);
  const output = await io.finish?.();
  if (output?.failure && code !== ExitCode.badInput && code !== ExitCode.storeFailure) {
    // The verdict never reached its reader: that is no verdict (exit 3), said in one line.
    io.stderr(`driftgate: cannot write the output to standard output: ${output.failure}\n`);
    return ExitCode.storeFailure;
  }
  // A closed stdout (`| head -1`) keeps the verdict's code: the reader chose to stop reading, the
  // answer is unchanged, and 1 must only ever mean "blocking" (docs/reliability.md).
  return code;
}

/** `--debug` is global and may stand anywhere before `--`: it only adds stack traces to unexpected errors. */
function takeDebugFlag(argv: readonly string[]): { debug: boolean; args: string[] } {
  const end = argv.indexOf("--");
  const head = end === -1 ? [...argv] : argv.slice(0, end);
  const tail = end === -1 ? [] : argv.slice(end);
  const kept = head.filter((word) => word !== "--debug");
  return { debug: kept.length !== head.length, args: [...kept, ...tail] };
}

async function runProgram(argv: readonly string[], realIo: CliIo, debug: boolean): Promise<ExitCodeValue> {
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
    .option("--debug", "print the stack trace of an unexpected error (never needed for a verdict)")
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
    const entry = COMMANDS.find((c) => c.name === command.name());
    if (entry) command.addHelpText("after", examplesHelp(entry));
    command.hook("preAction", async (_command, action) => {
      // Paths first, so a missing folder is named by the flag the user typed, old name or new.
      await checkPathOptions(action, io.cwd);
      foldAliases(action);
    });
    program.addCommand(command);
  }
  const named = program.commands.find((command) => command.name() === argv[0]);
  const args = named ? [argv[0]!, ...spreadListValues(named, argv.slice(1))] : [...argv];
  try {
    await deadline.race(program.parseAsync(args, { from: "user" }));
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; they are successful runs to the user.
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") return ExitCode.ok;
      return ExitCode.badInput; // commander already printed the one-line reason
    }
    if (error instanceof DriftgateError) {
      realIo.stderr(`driftgate: ${redactSecrets(error.message)}\n`);
      if (debug && error.cause instanceof Error && error.cause.stack) realIo.stderr(`caused by: ${redactSecrets(error.cause.stack)}\n`);
      return error.exitCode;
    }
    // Unexpected: still one line, still redacted, and never "ok" — a gate that crashed gave no verdict.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`driftgate: internal error: ${redactSecrets(message)}${debug ? "" : " (run with --debug for details)"}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${redactSecrets(error.stack)}\n`);
    return ExitCode.storeFailure;
  }
}

async function packageVersion(): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  const url = new URL("../../package.json", import.meta.url);
  return (JSON.parse(await readFile(url, "utf8")) as { version: string }).version;
}
