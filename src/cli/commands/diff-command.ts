import { Command } from "commander";
import type { CommandContext } from "../command-context.js";
import { compareOptions, compareStores, type CompareFlags } from "../compare-stores.js";

const HELP = `
Prints the same report as \`driftgate check\` (same formats, same waivers) but never gates.

Exit codes:
  0  the report was produced, whatever it found
  2  bad input or usage (unknown environment, invalid file, bad flag)
  3  a store could not be read
`;

export function diffCommand(context: CommandContext): Command {
  const command = new Command("diff")
    .description("Report every difference between SOURCE and TARGET, judged by its effect on writes (never gates).")
    .argument("<source>", "store where writes were validated: URL, environment, snapshot .json, .sql file or folder")
    .argument("<target>", "store compared with it");
  for (const option of compareOptions()) command.addOption(option);
  return command.addHelpText("after", HELP).action(async (source: string, target: string, flags: CompareFlags) => {
    await compareStores("diff", { source, target }, flags, context);
  });
}
