import type { Command } from "commander";
import type { CommandContext } from "../command-context.js";

type CommandFactory = (context: CommandContext) => Command;

/**
 * Every subcommand, in the order --help lists them, each loaded only when needed. A run of one command
 * imports that command's modules and no others: `driftgate snapshot` never loads ajv, PGlite or the diff
 * rules unless the reference it is given needs them, which is a tenth of a second of every run.
 */
export const COMMANDS: ReadonlyArray<{ readonly name: string; readonly load: () => Promise<CommandFactory> }> = [
  { name: "snapshot", load: async () => (await import("./snapshot-command.js")).snapshotCommand },
  { name: "check", load: async () => (await import("./check-command.js")).checkCommand },
  { name: "diff", load: async () => (await import("./diff-command.js")).diffCommand },
  { name: "validate", load: async () => (await import("./validate-command.js")).validateCommand },
  { name: "compat", load: async () => (await import("./compat-command.js")).compatCommand },
  { name: "fit", load: async () => (await import("./fit-command.js")).fitCommand },
  { name: "probe", load: async () => (await import("./probe-command.js")).probeCommand },
  { name: "scan", load: async () => (await import("./scan-command.js")).scanCommand },
];

/**
 * The commands a run needs: the one named first on the command line, or all of them when none is (help,
 * a typo commander should suggest a correction for, the bare program).
 */
export async function loadCommands(argv: readonly string[]): Promise<CommandFactory[]> {
  const named = COMMANDS.find((c) => c.name === argv[0]);
  return Promise.all((named ? [named] : COMMANDS).map((c) => c.load()));
}
