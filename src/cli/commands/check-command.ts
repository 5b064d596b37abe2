import { Command, Option } from "commander";
import { ExitCode, InputError, type ExitCodeValue } from "../../errors.js";
import { FAIL_ON_VALUES } from "../../model/check-report.js";
import type { CommandContext } from "../command-context.js";
import { listOption } from "../list-options.js";
import { compareOptions, compareStores, type CompareFlags } from "../compare-stores.js";

const HELP = `
With SOURCE and TARGET (any store \`snapshot\` accepts: postgres:// URL, environment name, snapshot .json,
.sql file or folder of migrations), compares the two. With neither, compares every environment in
environments/ with the one it promotes to ("promotesTo") and reports every pair.

Each difference is judged by one question: would a write that succeeds in SOURCE fail in TARGET?
breaking = it fails, risky = it may fail, info = it does not.

Waivers (--waivers, default environments/waivers.json) accept expected differences by rule and object
pattern, with a reason, an owner and an expiry date; waived findings are reported but do not block.

With --probe DOCS --table T, each document is also tried as an INSERT into T in both stores, inside a
transaction that is always rolled back; a document SOURCE accepts and TARGET rejects is a breaking
finding carrying TARGET's own error. Rollback does not undo sequence advances or effects outside the
database (see \`driftgate probe --help\`).

Exit codes:
  0  nothing at or above --fail-on
  1  blocking drift: a finding at or above --fail-on (deploy blocked)
  2  bad input or usage (unknown environment, invalid file, bad flag)
  3  a store could not be read (fail closed: never 0 when a snapshot is missing)
`;

export function checkCommand(context: CommandContext): Command {
  const command = new Command("check")
    .description("Gate a deploy: judge drift from SOURCE to TARGET and exit 1 when writes would break.")
    .argument("[source]", "store where writes were validated (e.g. test)")
    .argument("[target]", "store about to receive the deploy (e.g. prod)")
    .addOption(new Option("--fail-on <level>", "lowest severity that blocks").choices(FAIL_ON_VALUES).default("breaking"))
    .addOption(
      listOption("--probe <docs>", "also try these documents (.json, .ndjson, - for stdin) as rolled-back INSERTs in both stores; repeat for more files", {
        commas: false,
      }),
    )
    .addOption(new Option("--table <schema.table>", "with --probe: the table the documents are written to"))
    .addOption(new Option("--column <column>", "with --probe: write each whole document into this json/jsonb column"))
    .addOption(new Option("--as-role <role>", "with --probe: SET LOCAL ROLE to the role the application writes as"))
    .addOption(new Option("--force", "with --probe: probe environments whose file says \"probe\": false"))
    .addOption(new Option("--record-deploy [history]", "when the check passes, record a deploy of TARGET in `driftgate report`'s history (default .driftgate/history)"))
    .addOption(new Option("--deploy-ref <sha>", "with --record-deploy: the git ref being deployed"));
  for (const option of compareOptions()) command.addOption(option);
  return command.addHelpText("after", HELP).action(async (source: string | undefined, target: string | undefined, flags: CompareFlags) => {
    const deploy = flags as CompareFlags & { recordDeploy?: string | true; deployRef?: string };
    if (deploy.deployRef !== undefined && deploy.recordDeploy === undefined) throw new InputError("--deploy-ref goes with --record-deploy");
    let code: ExitCodeValue = ExitCode.ok;
    await compareStores("check", { source, target }, flags, { ...context, setExit: (c) => context.setExit((code = c)) });
    // Only a passing gate is a deploy: a blocked or unreadable one changes nothing in the history.
    if (deploy.recordDeploy !== undefined && code === ExitCode.ok) {
      const { recordDeploy } = await import("../../nightly/record-deploy.js");
      const historyDir = deploy.recordDeploy === true ? ".driftgate/history" : deploy.recordDeploy;
      const marked = await recordDeploy(target, { cwd: context.io.cwd, env: context.io.env, environmentsDir: flags.environments, historyDir, ref: deploy.deployRef ?? null });
      if (!flags.quiet) context.io.stderr(`driftgate: deploy recorded for ${marked.length ? marked.join(", ") : "no environment (TARGET is not one)"} in ${historyDir}\n`);
    }
  });
}
