import { access } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { RULE_IDS } from "../../dialects/rule-catalogue.js";
import { InputError } from "../../errors.js";
import type { Waiver } from "../../model/finding.js";
import { environmentsDirOf } from "../../sources/environments.js";
import { readJsonFile } from "../../files/read-json-file.js";
import { assertToolFormat } from "../../files/tool-schemas.js";
import { loadWaivers } from "../../sources/waivers.js";
import { writeFileAtomic } from "../../files/write-file-atomic.js";
import type { CommandContext } from "../command-context.js";
import { listOption } from "../list-options.js";

interface WaiveFlags {
  readonly from: string;
  readonly owner: string;
  readonly until: string;
  readonly reason: string;
  readonly waivers?: string;
  readonly environments?: string;
  readonly pair?: string[];
  readonly dryRun?: boolean;
}

const HELP = `
Accepts today's known drift as a baseline: every finding in report.json (from \`driftgate report\`)
that is not already waived becomes a waiver for its rule and object, with the owner, expiry date and
reason given, added to the waivers file (default environments/waivers.json). The waiver file's usual
rules then govern them: they stop waiving after --until, and one that matches nothing is reported unused.
Findings in fleets and out-of-band changes are not waived: they are not pair findings.
`;

export function waiveCommand(context: CommandContext): Command {
  return new Command("waive")
    .description("Turn the findings of a drift report into waivers (owner, expiry, reason): accept known drift as a baseline.")
    .requiredOption("--from <report.json>", "report.json written by `driftgate report`")
    .requiredOption("--owner <owner>", "who answers for these waivers (person or team)")
    .addOption(new Option("--until <YYYY-MM-DD>", "the last day the waivers apply").argParser(calendarDate).makeOptionMandatory())
    .requiredOption("--reason <text>", "why this drift is accepted")
    .addOption(new Option("--waivers <file>", "the waivers file to add to (default: environments/waivers.json)"))
    .addOption(new Option("--environments <dir>", "folder of environment files (for the default waivers file)").default("environments"))
    .addOption(listOption("--pair <source->target>", "only findings of this pair, e.g. staging->prod; repeat or comma-separate"))
    .addOption(new Option("--dry-run", "print what would be added, write nothing"))
    .addHelpText("after", HELP)
    .action(async (flags: WaiveFlags) => {
      await waive(flags, context);
    });
}

async function waive(flags: WaiveFlags, context: CommandContext): Promise<void> {
  const { io } = context;
  if (!/\S/.test(flags.owner)) throw new InputError("--owner must not be blank");
  if (!/\S/.test(flags.reason)) throw new InputError("--reason must not be blank");
  const today = new Date().toISOString().slice(0, 10);
  if (flags.until < today) throw new InputError(`--until ${flags.until} is in the past: the waivers would waive nothing`);
  const data = await readJsonFile(resolve(io.cwd, flags.from), "drift report");
  assertToolFormat("drift-report.schema.json", data, `drift report ${flags.from}`);
  const report = data as { pairs: { source: string; target: string; findings: { rule: string; object: string; waived?: unknown }[] }[] };
  const known = new Set(report.pairs.map((p) => `${p.source}->${p.target}`));
  for (const pair of flags.pair ?? []) {
    if (!known.has(pair)) throw new InputError(`--pair ${pair}: not a pair of ${flags.from} (pairs: ${[...known].join(", ") || "none"})`);
  }
  const file = flags.waivers !== undefined ? resolve(io.cwd, flags.waivers) : join(environmentsDirOf({ cwd: io.cwd, env: io.env, environmentsDir: flags.environments }), "waivers.json");
  const present = await access(file).then(() => true, () => false);
  const existing = present ? (await loadWaivers({ cwd: io.cwd, env: io.env, file, knownRules: RULE_IDS })).waivers : [];
  const have = new Set(existing.map((w) => `${w.rule}\u0000${w.object}`));
  const added: Waiver[] = [];
  for (const pair of report.pairs) {
    if (flags.pair && !flags.pair.includes(`${pair.source}->${pair.target}`)) continue;
    for (const finding of pair.findings) {
      if (finding.waived !== undefined) continue;
      const key = `${finding.rule}\u0000${finding.object}`;
      if (have.has(key)) continue;
      have.add(key);
      added.push({ rule: finding.rule, object: finding.object, reason: flags.reason, owner: flags.owner, expires: flags.until });
    }
  }
  const shown = relative(io.cwd, file) || file;
  if (added.length === 0) {
    io.stdout(`driftgate: nothing to waive: every finding in ${flags.from} is already waived in ${shown}\n`);
    return;
  }
  const waivers = [...existing, ...added];
  // The file's own $schema line (often a relative path for editors) is kept.
  const schemaRef = present ? ((await readJsonFile(file, "waivers file")) as { $schema?: string }).$schema : undefined;
  const document = { $schema: schemaRef ?? "https://driftgate.dev/schemas/waivers.schema.json", waivers };
  assertToolFormat("waivers.schema.json", document, "the new waivers file");
  if (flags.dryRun) {
    io.stdout(`${JSON.stringify({ waivers: added }, null, 2)}\n`);
    io.stderr(`driftgate: would add ${added.length} waiver(s) to ${shown} (dry run: nothing written)\n`);
    return;
  }
  await writeFileAtomic(file, `${JSON.stringify(document, null, 2)}\n`);
  io.stdout(`driftgate: added ${added.length} waiver(s) to ${shown} (owner ${flags.owner}, until ${flags.until})\n`);
}

function calendarDate(value: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new InvalidArgumentError("must be a calendar date YYYY-MM-DD");
  }
  return value;
}
