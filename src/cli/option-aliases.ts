import type { Command, Option } from "commander";
import { InputError } from "../errors.js";

/**
 * Old spellings of renamed flags. "schema" meant three things (a folder of JSON Schemas, one JSON Schema,
 * a PostgreSQL schema); the flags now say which, and the old names keep working, hidden from --help, so
 * no pipeline that uses them breaks. Each alias is its own commander option (its own errors name the flag
 * the user typed); foldAliases hands its value to the new one before the command runs.
 */
const ALIASES = new WeakMap<Option, Option>();

export function hiddenAlias(alias: Option, of: Option): Option {
  alias.hideHelp();
  ALIASES.set(alias, of);
  return alias;
}

/** preAction hook: every alias the user gave becomes the value of its new name; both with one value is refused. */
export function foldAliases(command: Command): void {
  for (const alias of command.options) {
    const target = ALIASES.get(alias);
    if (!target) continue;
    const from = alias.attributeName();
    if (command.getOptionValueSource(from) !== "cli") continue;
    const value = command.getOptionValue(from) as unknown;
    const to = target.attributeName();
    const given = command.getOptionValueSource(to) === "cli" ? (command.getOptionValue(to) as unknown) : undefined;
    if (given !== undefined && !Array.isArray(value)) throw new InputError(`${alias.long} is the old name of ${target.long}: give one of them`);
    command.setOptionValueWithSource(to, Array.isArray(value) ? [...((given as unknown[] | undefined) ?? []), ...value] : value, "cli");
  }
}
