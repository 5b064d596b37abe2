import { Command, Option } from "commander";
import { catalogueEntry, RULE_CATALOGUE, RULE_IDS } from "../../dialects/rule-catalogue.js";
import { InputError } from "../../errors.js";
import { rulesJson, rulesMarkdown, rulesText } from "../../report/rules-document.js";
import type { CommandContext } from "../command-context.js";

const FORMATS = ["text", "json", "markdown"] as const;

interface RulesFlags {
  readonly format: (typeof FORMATS)[number];
}

export function rulesCommand(context: CommandContext): Command {
  return new Command("rules")
    .description("List every rule (kind of finding): id, family, default severity, what differs and what a write does when it fires.")
    .argument("[rule...]", "only these rule ids")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"))
    .addHelpText("after", "\nThe ids are the ones --severity and waivers take. docs/rules.md has the same list with each rule's example.")
    .action((ids: string[], flags: RulesFlags) => {
      // An unknown id is a typo worth one line, not an empty list that looks like "no such rules exist".
      const unknown = ids.filter((id) => catalogueEntry(id) === undefined);
      if (unknown.length > 0) throw new InputError(`unknown rule "${unknown[0]}" (driftgate rules without an id lists all ${RULE_IDS.length})`);
      const entries = ids.length > 0 ? RULE_CATALOGUE.filter((e) => ids.includes(e.id)) : RULE_CATALOGUE;
      const render = flags.format === "json" ? rulesJson : flags.format === "markdown" ? rulesMarkdown : rulesText;
      context.io.stdout(render(entries));
    });
}
