import type { Command } from "commander";
import type { CommandContext } from "../command-context.js";
import { checkCommand } from "./check-command.js";
import { diffCommand } from "./diff-command.js";
import { probeCommand } from "./probe-command.js";
import { scanCommand } from "./scan-command.js";
import { snapshotCommand } from "./snapshot-command.js";
import { validateCommand } from "./validate-command.js";
import { compatCommand } from "./compat-command.js";
import { fitCommand } from "./fit-command.js";

/** Every subcommand, in the order --help lists them. One factory per file in this folder. */
export const COMMANDS: ReadonlyArray<(context: CommandContext) => Command> = [snapshotCommand, checkCommand, diffCommand, validateCommand, compatCommand, fitCommand, probeCommand, scanCommand];
